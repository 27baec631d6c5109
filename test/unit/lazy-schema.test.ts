/**
 * Pure TS: schemas built on first use (lib/model/lazy-schema.ts) behave as the schemas they stand for, for
 * our code and for an application's own zod, and the tables written out beside them match the schemas.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazy } from '../../lib/model/lazy-schema.js';
import {
  ACTION_ARG_NAMES,
  ACTION_ARGS,
  ACTION_FUNCTIONS,
  ActionFunction,
  StateName,
  TARGETED_FUNCTIONS,
  UINode,
} from '../../lib/model/index.js';

describe('lazy', () => {
  it('builds once, on the first touch, and not before', () => {
    let builds = 0;
    const schema = lazy((zz) => {
      builds++;
      return zz.object({ a: zz.number() });
    });
    expect(builds).toBe(0);
    expect(schema.parse({ a: 1 })).toEqual({ a: 1 });
    expect(schema.safeParse({ a: 'x' }).success).toBe(false);
    expect(Object.keys(schema.shape)).toEqual(['a']);
    expect(builds).toBe(1);
  });

  it('passes for the real schema in instanceof, composition with the caller’s zod, and reflection', () => {
    expect(UINode instanceof z.ZodObject).toBe(true);
    expect(UINode instanceof z.ZodType).toBe(true);
    expect(StateName instanceof z.ZodEnum).toBe(true);
    const mine = z.object({ nodes: z.array(UINode), state: StateName.optional() });
    const node = {
      ref: 'r', parent: null, role: 'Button', rawRole: 'push button', name: 'OK', value: null,
      automationId: null, states: ['enabled'], rect: null, actions: [],
    };
    expect(mine.parse({ nodes: [node], state: 'visible' })).toEqual({ nodes: [node], state: 'visible' });
    expect(mine.safeParse({ nodes: [{ ...node, role: 'NoSuchRole' }] }).success).toBe(false);
    expect('_zod' in UINode).toBe(true);
    expect(Object.getOwnPropertyDescriptor(UINode, '_zod')).toBeDefined();
    expect(Reflect.ownKeys(UINode)).toContain('_zod');
  });
});

describe('tables beside the action schemas', () => {
  it('ACTION_ARG_NAMES lists the keys of each function’s argument schema, in order', () => {
    for (const fn of ACTION_FUNCTIONS) {
      const schema = ACTION_ARGS[fn] as unknown as { in: { shape: Record<string, unknown> } };
      expect([fn, ...ACTION_ARG_NAMES[fn]]).toEqual([fn, ...Object.keys(schema.in.shape)]);
    }
  });

  it('ACTION_FUNCTIONS is the enum’s options and TARGETED_FUNCTIONS those taking an id', () => {
    expect(ACTION_FUNCTIONS).toEqual(ActionFunction.options);
    const takesId = ACTION_FUNCTIONS.filter((fn) => 'id' in (ACTION_ARGS[fn] as unknown as { in: { shape: object } }).in.shape);
    expect([...TARGETED_FUNCTIONS].sort()).toEqual(takesId.sort());
    expect(TARGETED_FUNCTIONS.has('click_input')).toBe(true);
    expect(TARGETED_FUNCTIONS.has('click_on_coordinates')).toBe(false);
  });
});
