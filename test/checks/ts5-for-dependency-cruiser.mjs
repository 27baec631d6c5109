/**
 * Preload (`node --import`) that lets dependency-cruiser parse TypeScript. It needs the TypeScript compiler
 * API (`ts.createSourceFile`), and accepts typescript <7; this repository compiles with typescript 7, the Go
 * port, whose npm package exposes no such API. So the devDependency `ts5` (npm:typescript@5) is handed to
 * dependency-cruiser, and only to it, under the name it asks for: its version check require()s
 * typescript/package.json (CommonJS) and it then import()s typescript (ESM), so both resolvers are redirected.
 * Everything else keeps resolving `typescript` to v7.
 */
import Module, { register } from 'node:module';

const FROM_CRUISER = /[\\/]node_modules[\\/]dependency-cruiser[\\/]/;
const TYPESCRIPT = /^typescript(?=$|\/)/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (TYPESCRIPT.test(request) && FROM_CRUISER.test(parent?.filename ?? '')) request = request.replace(TYPESCRIPT, 'ts5');
  return resolveFilename.call(this, request, parent, ...rest);
};

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      const FROM_CRUISER = ${FROM_CRUISER};
      const TYPESCRIPT = ${TYPESCRIPT};
      export async function resolve(specifier, context, next) {
        if (TYPESCRIPT.test(specifier) && FROM_CRUISER.test(context.parentURL ?? ''))
          return next(specifier.replace(TYPESCRIPT, 'ts5'), context);
        return next(specifier, context);
      }`),
);
