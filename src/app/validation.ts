import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

import { invalid } from '../shared/app-error.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerceTypes ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);

  return ajv;
}

// Query strings and path params arrive as text, so they are coerced ("20" → 20). Bodies
// are JSON and must already have the right types: `"capacity": "5"` is an error, not 5.
const lenient = makeAjv(true);
const exact = makeAjv(false);

// NUL and unpaired surrogates are valid JSON escapes but no store can keep them: PostgreSQL
// refuses them in text and jsonb, SQLite mangles them. They are refused at the door.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The dotted path of the first string (value or key) in `value` that no store can keep. */
export function unstorableTextAt(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableTextAt(item, path ? `${path}.${index}` : String(index));
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) return at;
      const found = unstorableTextAt(item, at);
      if (found) return found;
    }
  }

  return undefined;
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? exact : lenient;
  const validate: ValidateFunction = ajv.compile(schema as object);

  return (data: unknown) => {
    const unstorable = unstorableTextAt(data);
    if (unstorable) {
      return {
        error: invalid(
          'invalid_character',
          `${unstorable} contains a NUL character or broken Unicode.`,
          unstorable,
        ),
      };
    }
    if (validate(data)) return { value: data };

    return {
      error: Object.assign(new Error('invalid'), {
        validation: validate.errors,
        validationContext: httpPart,
      }),
    };
  };
};
