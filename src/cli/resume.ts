// --resume, decided before anything is written: the newest intact checkpoint, the run's saved
// configuration with this command line's flags checked against it (a flag that may change on
// resume is taken and logged, any other contradiction is refused), and the run length checked
// against the checkpoint's step.
import fs from 'node:fs';
import path from 'node:path';
import { newestIntactCheckpoint, resolveCheckpointArg } from '../io/checkpoint_manifest.ts';
import { kebab, UsageError, type FlagSpec } from './flags.ts';

export interface ResumeChange {
  flag: string;
  from: unknown;
  to: unknown;
}

export interface ResumePlan<T> {
  runDir: string;
  from: string;      // the checkpoint folder
  step: number;
  config: T;         // the saved configuration with the allowed changes applied
  changes: ResumeChange[];
  warnings: string[];
  savedBackend?: string;
}

export interface ResumeRequest<T> {
  runDir: string;
  spec: Pick<FlagSpec<T>, 'defaults'>;
  flags: T;                    // as parsed from this command line
  given: Set<keyof T>;         // the flags actually written on it
  lengthKey: keyof T & string; // totalSteps / iterations: must stay above the checkpoint's step
  mayChange: readonly (keyof T)[];
  strict?: boolean;            // refuse a damaged newest checkpoint instead of falling back
  checkpoint?: string;         // this checkpoint folder of the run (verified) instead of the newest intact one
}

const show = (p: string) => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p));

export function planResume<T extends object>(o: ResumeRequest<T>): ResumePlan<T> {
  const configFile = path.join(o.runDir, 'config.json');
  if (!fs.existsSync(configFile)) throw new UsageError(`--resume: ${show(o.runDir)} holds no run (no config.json); leave out --resume to start it`, false);
  let saved: Record<string, unknown>;
  try {
    saved = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  } catch (e) {
    throw new Error(`--resume: ${show(configFile)} is unreadable (${(e as Error).message})`);
  }
  const choice = o.checkpoint
    ? resolveCheckpointArg(o.checkpoint, (d) => fs.existsSync(path.join(d, 'COMPLETE')), { strict: o.strict })
    : newestIntactCheckpoint(o.runDir, { strict: o.strict });
  if (!choice) throw new UsageError(`--resume: no complete checkpoint in ${show(path.join(o.runDir, 'checkpoints'))}; leave out --resume and pick another --run-name to start afresh`, false);

  const config = { ...o.flags } as Record<string, unknown>;
  const flags = o.flags as Record<string, unknown>;
  for (const k of Object.keys(o.spec.defaults)) if (k in saved) config[k] = saved[k];
  const changes: ResumeChange[] = [];
  const conflicts: string[] = [];
  for (const k of Object.keys(o.spec.defaults)) {
    if (!o.given.has(k as keyof T) || !(k in saved) || flags[k] === saved[k]) continue;
    if ((o.mayChange as readonly string[]).includes(k)) {
      changes.push({ flag: kebab(k), from: saved[k], to: flags[k] });
      config[k] = flags[k];
    } else {
      conflicts.push(`--${kebab(k)} ${flags[k]} contradicts the run's ${saved[k]}`);
    }
  }
  if (conflicts.length) {
    throw new UsageError(`--resume: ${conflicts.join('; ')} (${show(configFile)}). On resume only ${o.mayChange.map((k) => `--${kebab(k as string)}`).join(', ')} may change; ` +
      `start a new run (another --run-name) to change the rest`, false);
  }

  const length = config[o.lengthKey] as number;
  if (length <= choice.step) {
    const flag = `--${kebab(o.lengthKey)}`;
    throw new UsageError(o.given.has(o.lengthKey)
      ? `--resume: ${flag} ${length} is not above the step of the checkpoint to resume (${choice.step}, ${show(choice.dir)}); pass ${flag} greater than ${choice.step}` +
        ((saved[o.lengthKey] as number) > choice.step ? `, or leave it out to keep the run's ${saved[o.lengthKey]}` : '')
      : `--resume: the run already reached its ${flag} ${length} (${show(choice.dir)}); pass ${flag} greater than ${choice.step} to train further`, false);
  }
  return {
    runDir: o.runDir, from: choice.dir, step: choice.step, config: config as T, changes, warnings: choice.warnings,
    savedBackend: typeof saved.backend === 'string' ? saved.backend : undefined,
  };
}

/**
 * Log what a resume changed and passed over, on the console and as one line of the run's
 * resumes.jsonl, so the run directory tells which settings held for which steps.
 */
export function recordResume(run: { dir: string; log(m: string): void }, plan: ResumePlan<unknown>, backend?: string): void {
  const changes = [...plan.changes];
  if (backend && plan.savedBackend && backend !== plan.savedBackend) changes.push({ flag: 'backend', from: plan.savedBackend, to: backend });
  for (const w of plan.warnings) run.log(w);
  for (const c of changes) run.log(`resume: --${c.flag} changes from ${c.from} to ${c.to} at step ${plan.step}`);
  const row = { time: Date.now() / 1000, step: plan.step, from: path.relative(plan.runDir, plan.from), changes, warnings: plan.warnings };
  fs.appendFileSync(path.join(plan.runDir, 'resumes.jsonl'), JSON.stringify(row) + '\n');
}
