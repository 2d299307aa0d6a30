// Holds the fake's hand-written schemas (and src/api-fields.ts) to Vapi's published OpenAPI
// document, so the fake cannot drift into accepting or rejecting fields the real API does not.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { NEWER_THAN_OPENAPI, OBJECT_SCHEMAS } from '../../src/sandbox/schemas.js';
import { loadComponents } from '../helpers/openapi-check.js';
import { COMMON_FIELDS, CREATE_ONLY_FIELDS, PROVIDERS, PROVIDER_FIELDS, REQUIRED_FIELDS } from '../../src/api-fields.js';

interface OpenApiProp {
  type?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  $ref?: string;
  allOf?: OpenApiProp[];
  oneOf?: OpenApiProp[];
  items?: OpenApiProp;
}
interface OpenApiObject {
  properties?: Record<string, OpenApiProp>;
  required?: string[];
}

const schemas = loadComponents() as Record<string, OpenApiObject>;

const DTO_NAME: Record<string, string> = {
  vapi: 'Vapi',
  twilio: 'Twilio',
  vonage: 'Vonage',
  telnyx: 'Telnyx',
  'byo-phone-number': 'Byo',
};

const nameOf = new Map<unknown, string>(Object.entries(OBJECT_SCHEMAS).map(([name, s]) => [s, name]));

type AnyZod = z.ZodType & { def: Record<string, unknown> };

function unwrap(s: AnyZod): AnyZod {
  let cur = s;
  while (cur.def.type === 'optional' || cur.def.type === 'nullable') cur = cur.def.innerType as AnyZod;
  return cur;
}

/** Component names an OpenAPI property points at, through allOf / oneOf / items. */
function specRefs(p: OpenApiProp): string[] {
  if (p.$ref) return [p.$ref.split('/').pop() as string];
  return [...(p.allOf ?? []), ...(p.oneOf ?? []), ...(p.items ? [p.items] : [])].flatMap(specRefs);
}

/** Hand-written object schemas a zod property leads to, through optional / union / array. */
function zodRefs(s: AnyZod): string[] {
  const inner = unwrap(s);
  const known = nameOf.get(inner);
  if (known) return [known];
  if (inner.def.type === 'array') return zodRefs(inner.def.element as AnyZod);
  if (inner.def.type === 'union') return (inner.def.options as AnyZod[]).flatMap(zodRefs);
  return [];
}

function zodEnum(s: AnyZod): string[] | undefined {
  const inner = unwrap(s);
  if (inner.def.type === 'literal') return (inner.def.values as unknown[]).map(String);
  if (inner.def.type === 'enum') return Object.values(inner.def.entries as Record<string, string>);
  return undefined;
}

function reachableFromDtos(): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const prop of Object.values(schemas[name]?.properties ?? {})) specRefs(prop).forEach(visit);
  };
  for (const p of Object.values(DTO_NAME)) {
    visit(`Create${p}PhoneNumberDTO`);
    visit(`Update${p}PhoneNumberDTO`);
  }
  return seen;
}

describe('fake Vapi schemas against the OpenAPI document', () => {
  it('covers every object a phone-number request body can contain', () => {
    expect([...reachableFromDtos()].sort()).toEqual(Object.keys(OBJECT_SCHEMAS).sort());
  });

  for (const [name, zodObject] of Object.entries(OBJECT_SCHEMAS)) {
    describe(name, () => {
      const spec = schemas[name] ?? {};
      const shape = zodObject.shape as Record<string, AnyZod>;
      const specProps = spec.properties ?? {};

      it('has exactly the same properties, plus the ones newer than the document', () => {
        const newer = NEWER_THAN_OPENAPI[name] ?? [];
        for (const key of newer)
          expect(specProps, `${name}.${key} is in the OpenAPI now: drop it from NEWER_THAN_OPENAPI`).not.toHaveProperty(key);
        expect(Object.keys(shape).sort()).toEqual([...Object.keys(specProps), ...newer].sort());
      });

      it('requires exactly the required properties', () => {
        const required = Object.keys(shape).filter((k) => (shape[k] as AnyZod).def.type !== 'optional');
        expect(required.sort()).toEqual([...(spec.required ?? [])].sort());
      });

      it('has the same bounds, enums and nested objects', () => {
        for (const [key, prop] of Object.entries(specProps)) {
          const field = shape[key];
          if (!field) continue;
          const inner = unwrap(field);
          const label = `${name}.${key}`;
          if (prop.type === 'string' && inner.def.type === 'string') {
            const str = inner as unknown as z.ZodString;
            expect(str.minLength ?? undefined, label).toBe(prop.minLength);
            expect(str.maxLength ?? undefined, label).toBe(prop.maxLength);
          }
          if (prop.type === 'number') {
            const num = inner as unknown as z.ZodNumber;
            const min = num.minValue === Number.NEGATIVE_INFINITY ? undefined : (num.minValue ?? undefined);
            const max = num.maxValue === Number.POSITIVE_INFINITY ? undefined : (num.maxValue ?? undefined);
            expect(min, label).toBe(prop.minimum);
            expect(max, label).toBe(prop.maximum);
          }
          if (prop.enum && prop.type !== 'array') expect(zodEnum(field)?.sort(), label).toEqual(prop.enum.map(String).sort());
          if (prop.type === 'array' && prop.items?.enum) {
            expect(zodEnum(inner.def.element as AnyZod)?.sort(), label).toEqual(prop.items.enum.map(String).sort());
          }
          if (prop.type === 'array' && prop.items?.maxLength !== undefined) {
            const element = unwrap(inner.def.element as AnyZod) as unknown as z.ZodString;
            expect(element.maxLength, `${label}[]`).toBe(prop.items.maxLength);
          }
          expect(zodRefs(field).sort(), label).toEqual(specRefs(prop).sort());
        }
      });
    });
  }
});

describe('src/api-fields.ts against the OpenAPI document', () => {
  for (const provider of PROVIDERS) {
    const create = schemas[`Create${DTO_NAME[provider]}PhoneNumberDTO`] ?? {};
    const update = schemas[`Update${DTO_NAME[provider]}PhoneNumberDTO`] ?? {};
    it(`${provider}: COMMON_FIELDS + PROVIDER_FIELDS + provider are the create DTO's properties`, () => {
      const listed = ['provider', ...COMMON_FIELDS, ...PROVIDER_FIELDS[provider]];
      expect(new Set(listed).size).toBe(listed.length);
      expect(listed.sort()).toEqual(Object.keys(create.properties ?? {}).sort());
    });
    it(`${provider}: REQUIRED_FIELDS + provider are the create DTO's required properties`, () => {
      expect(['provider', ...REQUIRED_FIELDS[provider]].sort()).toEqual([...(create.required ?? [])].sort());
    });
    it(`${provider}: CREATE_ONLY_FIELDS are the create properties the update DTO lacks`, () => {
      const updateProps = new Set(Object.keys(update.properties ?? {}));
      const createOnly = Object.keys(create.properties ?? {}).filter((k) => !updateProps.has(k));
      expect(createOnly.sort()).toEqual([...CREATE_ONLY_FIELDS[provider]].sort());
    });
  }
});
