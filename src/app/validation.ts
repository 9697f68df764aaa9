import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

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

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? exact : lenient;
  const validate: ValidateFunction = ajv.compile(schema as object);

  return (data: unknown) => {
    if (validate(data)) return { value: data };

    return { error: Object.assign(new Error('invalid'), { validation: validate.errors, validationContext: httpPart }) };
  };
};
