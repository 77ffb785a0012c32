import { Module } from '@nestjs/common';
import { SiteKeysModule } from '../parties/index.js';
import { WindowController } from './window.controller.js';
import { WindowService } from './window.service.js';

@Module({ imports: [SiteKeysModule], controllers: [WindowController], providers: [WindowService] })
export class WindowModule {}
