import { pyJsonDumps } from '../observe/py-json.js';

/**
 * UFO's blackboard as prompt text: what the agents saved for each other (Q&A, earlier requests, the step
 * trajectories, screenshots kept for later).
 *
 * UFO (ufo/agents/memory/blackboard.py):
 *
 *   def texts_to_prompt(self, memory, prefix):
 *       return [{"type": "text", "text": f"{prefix}\n {json.dumps(memory.list_content)}"}]
 *
 *   def blackboard_to_prompt(self):
 *       prefix = [{"type": "text", "text": "[Blackboard:]"}]
 *       return (prefix
 *               + self.texts_to_prompt(self.questions, "[Questions & Answers:]")
 *               + self.texts_to_prompt(self.requests, "[Request History:]")
 *               + self.texts_to_prompt(self.trajectories, "[Step Trajectories Completed Previously:]")
 *               + self.screenshots_to_prompt())
 *
 * Note the space after the newline. Screenshots add a text part `json.dumps(metadata)` and the image; a
 * text-only model gets the text part only. The AppAgent puts these parts before its own user content, and
 * only when the blackboard is not empty (all four memories empty).
 */
export interface BlackboardInput {
  questions?: readonly unknown[];
  requests?: readonly unknown[];
  trajectories?: readonly unknown[];
  /** Saved screenshots: their metadata (e.g. {"screenshot application": ..., "saving reason": ...}). */
  screenshots?: readonly { metadata: unknown }[];
}

export function isBlackboardEmpty(b: BlackboardInput | undefined): boolean {
  return !b || ((b.questions?.length ?? 0) === 0 && (b.requests?.length ?? 0) === 0 &&
    (b.trajectories?.length ?? 0) === 0 && (b.screenshots?.length ?? 0) === 0);
}

/** The blackboard's text parts, in UFO's order; none when it is empty. */
export function blackboardParts(b: BlackboardInput | undefined): string[] {
  if (!b || isBlackboardEmpty(b)) return [];
  const section = (prefix: string, items: readonly unknown[] | undefined) => `${prefix}\n ${pyJsonDumps(items ?? [])}`;
  return [
    '[Blackboard:]',
    section('[Questions & Answers:]', b.questions),
    section('[Request History:]', b.requests),
    section('[Step Trajectories Completed Previously:]', b.trajectories),
    ...(b.screenshots ?? []).map((s) => pyJsonDumps(s.metadata ?? '')),
  ];
}
