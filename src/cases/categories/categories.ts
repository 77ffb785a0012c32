import { Body, Controller, Get, Injectable, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { AuditService } from '../../audit/index.js';
import { CurrentActor, Public, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { Transactions } from '../../platform/database/transactions.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { HttpError, HttpErrorCode, notFound } from '../../platform/errors/http-error.js';
import { ApiErrors } from '../../platform/openapi.js';
import { CaseReadsRepository } from '../case-reads.repository.js';
import { ComplaintCategory } from './complaint-category.entity.js';
import { OptionalNotNull, OptionalText, RequiredText } from '../../platform/validators.js';

class DeadlinesDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(30) triageWorkingDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(60) responseWorkingDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(365) mediationDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(365) resolutionDays?: number;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'online_gaming' }) @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'code must be lower_snake_case' }) code: string;
  @ApiProperty({ example: '网络游戏' }) @RequiredText(50) labelZh: string;
  @ApiProperty({ example: 'Online gaming' }) @RequiredText(100) labelEn: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(1000) sortOrder?: number;
  @ApiPropertyOptional({ type: DeadlinesDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => DeadlinesDto) deadlines?: DeadlinesDto;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional() @OptionalText(50, { required: true }) labelZh?: string;
  @ApiPropertyOptional() @OptionalText(100, { required: true }) labelEn?: string;
  @ApiPropertyOptional({ description: 'false hides it from intake; existing cases keep it.' }) @OptionalNotNull() @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsInt() @Min(0) @Max(1000) sortOrder?: number;
  @ApiPropertyOptional({ type: DeadlinesDto, description: 'Replaces the deadline overrides of this category.' })
  @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => DeadlinesDto) deadlines?: DeadlinesDto;
}

export class CategoryView {
  @ApiProperty() code: string;
  @ApiProperty() labelZh: string;
  @ApiProperty() labelEn: string;
  @ApiProperty() active: boolean;
  @ApiProperty() sortOrder: number;
  @ApiProperty() deadlines: DeadlinesDto;
}

/** The configurable complaint taxonomy, with per-category deadline overrides. */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly tx: Transactions,
    private readonly cases: CaseReadsRepository,
    private readonly audit: AuditService,
  ) {}

  list(activeOnly: boolean): Promise<CategoryView[]> {
    return this.cases.categories(activeOnly);
  }

  create(actor: Actor, dto: CreateCategoryDto): Promise<CategoryView> {
    return this.tx.run(async (m) => {
      const row = this.cases.newCategory({ ...dto, active: true, sortOrder: dto.sortOrder ?? 100, deadlines: { ...(dto.deadlines ?? {}) } });
      await this.cases.insertCategory(m, row).catch((e: unknown) => {
        throw isUniqueViolation(e)
          ? new HttpError(HttpErrorCode.CONFLICT, 'A category with this code exists', { errors: [{ field: 'code', code: 'TAKEN', message: 'code is taken' }] })
          : e;
      });
      await this.audit.record(m, actor, { action: 'category.create', resourceType: 'complaint_category', resourceId: dto.code, details: { code: dto.code } });
      return row;
    });
  }

  update(actor: Actor, code: string, dto: UpdateCategoryDto): Promise<CategoryView> {
    return this.tx.run(async (m) => {
      const row = await this.cases.lockCategory(m, code);
      if (!row) throw notFound('Category');
      Object.assign(row, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      if (dto.deadlines) row.deadlines = { ...dto.deadlines };
      await this.cases.saveCategory(m, row);
      await this.audit.record(m, actor, { action: 'category.update', resourceType: 'complaint_category', resourceId: code, details: { changed: Object.keys(dto) } });
      return row;
    });
  }
}

@ApiTags('complaint categories')
@Controller()
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get('v1/public/complaint-categories')
  @Public()
  @ApiOperation({ summary: 'The complaint taxonomy for intake forms (active categories).' })
  @ApiOkResponse({ type: [CategoryView] })
  publicList(): Promise<CategoryView[]> {
    return this.categories.list(true);
  }

  @Get('v1/complaint-categories')
  @Roles('secretariat', 'admin')
  @ApiOkResponse({ type: [CategoryView] })
  list(): Promise<CategoryView[]> {
    return this.categories.list(false);
  }

  @Post('v1/complaint-categories')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a category to the taxonomy.' })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 409: ['CONFLICT'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCategoryDto): Promise<CategoryView> {
    return this.categories.create(actor, dto);
  }

  @Patch('v1/complaint-categories/:code')
  @Roles('admin')
  @ApiOperation({ summary: 'Relabel, deactivate, or set the deadline overrides of a category.' })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateCategoryDto): Promise<CategoryView> {
    return this.categories.update(actor, code, dto);
  }
}
