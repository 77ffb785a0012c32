import { DatePicker, Form, Input, Radio, Switch } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from '../providers/i18n';

/** The part of JSON Schema the event catalogue uses (from the classes the API validates with). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  description?: string;
  oneOf?: JsonSchema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  $ref?: string;
}

/** Named schemas `$ref`s point at (`#/components/schemas/Name` or `#/definitions/Name`). */
export type SchemaRefs = Record<string, JsonSchema>;

export function resolve(s: JsonSchema | undefined, refs: SchemaRefs): JsonSchema {
  if (!s?.$ref) return s ?? {};
  return resolve(refs[s.$ref.split('/').pop() ?? ''], refs);
}

/** A field whose input is not a text box: the caller supplies a picker (cases, agencies, members, accounts). */
export type Widgets = Partial<Record<string, (label: string) => ReactNode>>;

interface Props {
  schema: JsonSchema;
  refs: SchemaRefs;
  /** Message key prefix for labels: `<prefix>.<field>`. */
  labels: string;
  widgets?: Widgets;
  form: FormInstance;
  path?: string[];
}

const isType = (s: JsonSchema, t: string) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));

/**
 * A form for one event's payload, generated from its schema: text areas for long text, date pickers for dates,
 * switches for booleans, radio groups for enums, and for a `oneOf` with a discriminator, the kind first and then
 * that kind's fields. The API checks everything again; its field errors come back onto these fields.
 */
export function SchemaFields({ schema, refs, labels, widgets = {}, form, path = [] }: Props) {
  const { t } = useTranslation();
  const s = resolve(schema, refs);
  const required = new Set(s.required ?? []);
  return (
    <>
      {Object.entries(s.properties ?? {}).map(([name, raw]) => {
        const p = resolve(raw, refs);
        const key = [...path, name];
        const label = t(`${labels}.${name}`, { defaultValue: name });
        const rules = required.has(name) && !isType(p, 'boolean') ? [{ required: true, message: t('form.required', { field: label }) }] : [];
        const widget = widgets[name];
        if (widget) return <Form.Item key={name} name={key} label={label} rules={rules}>{widget(label)}</Form.Item>;
        if (p.oneOf && discriminatorOf(p, refs)) return <OneOf key={name} schema={p} refs={refs} labels={labels} name={key} label={label} form={form} widgets={widgets} />;
        if (isType(p, 'object') && p.properties) return <SchemaFields key={name} schema={p} refs={refs} labels={labels} widgets={widgets} form={form} path={key} />;
        if (isType(p, 'boolean')) return <Form.Item key={name} name={key} label={label} valuePropName="checked" initialValue={false}><Switch /></Form.Item>;
        if (p.enum) {
          return (
            <Form.Item key={name} name={key} label={label} rules={rules}>
              <Radio.Group options={p.enum.map((v) => ({ value: v as string, label: t(`${labels}.${name}_${String(v)}`, { defaultValue: String(v) }) }))} />
            </Form.Item>
          );
        }
        if (p.format === 'date-time' || p.format === 'date') {
          return (
            <Form.Item key={name} name={key} label={label} rules={rules} getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : undefined })}
              normalize={(v: dayjs.Dayjs | null) => (v ? (p.format === 'date' ? v.format('YYYY-MM-DD') : v.toISOString()) : undefined)}>
              <DatePicker showTime={p.format === 'date-time'} />
            </Form.Item>
          );
        }
        const long = (p.maxLength ?? 0) > 200;
        const lengthRules = p.maxLength ? [{ max: p.maxLength, message: t('form.tooLong', { max: p.maxLength }) }] : [];
        return (
          <Form.Item key={name} name={key} label={label} rules={[...rules, ...lengthRules]}>
            {long ? <Input.TextArea rows={4} showCount maxLength={p.maxLength} /> : <Input maxLength={p.maxLength} />}
          </Form.Item>
        );
      })}
    </>
  );
}

/**
 * The property that tells a oneOf's variants apart: the declared discriminator, or else the property every variant
 * has with one fixed value (`kind` of the respondent's answer).
 */
function discriminatorOf(s: JsonSchema, refs: SchemaRefs): string | null {
  if (s.discriminator) return s.discriminator.propertyName;
  const variants = (s.oneOf ?? []).map((v) => resolve(v, refs));
  const first = Object.keys(variants[0]?.properties ?? {});
  return first.find((k) => variants.every((v) => resolve(v.properties?.[k], refs).enum?.length === 1)) ?? null;
}

/** A discriminated union: choose the kind, then fill in that kind's fields. */
function OneOf({ schema, refs, labels, name, label, form, widgets }: { schema: JsonSchema; refs: SchemaRefs; labels: string; name: string[]; label: string; form: FormInstance; widgets: Widgets }) {
  const { t } = useTranslation();
  const prop = discriminatorOf(schema, refs)!;
  const variants = (schema.oneOf ?? []).map((v) => resolve(v, refs));
  const kindOf = (v: JsonSchema) => String(resolve(v.properties?.[prop], refs).enum?.[0] ?? '');
  const chosen = Form.useWatch([...name, prop], form) as string | undefined;
  const variant = variants.find((v) => kindOf(v) === chosen);
  const rest = variant ? { ...variant, properties: Object.fromEntries(Object.entries(variant.properties ?? {}).filter(([k]) => k !== prop)) } : null;
  return (
    <>
      <Form.Item name={[...name, prop]} label={label} rules={[{ required: true, message: t('form.required', { field: label }) }]}>
        <Radio.Group optionType="button" options={variants.map((v) => ({ value: kindOf(v), label: t(`${labels}.${prop}_${kindOf(v)}`, { defaultValue: kindOf(v) }) }))} />
      </Form.Item>
      {rest && <SchemaFields schema={rest} refs={refs} labels={labels} widgets={widgets} form={form} path={name} />}
    </>
  );
}
