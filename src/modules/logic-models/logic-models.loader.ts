import { readFileSync, readdirSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedLogicModels, LogicModel } from './logic-models.definitions.js';
import { throwIfProblems } from './logic-models.errors.js';
import { messages } from './logic-models.messages.js';
import { checkCatalogue } from './catalogue.validate.js';
import { checkMeasures } from './measures.validate.js';
import { checkModel } from './model.validate.js';
import { ProblemSink, readYaml } from './yaml-input.js';

export const MEASURES_FILE = 'measures.yaml';
export const INDICATORS_FILE = 'indicators.yaml';

/** One file's name (as it should appear in messages) and text; `text: null` when it is missing. */
export interface SourceFile {
  file: string;
  text: string | null;
}

function readSource(source: SourceFile, sink: ProblemSink): unknown {
  if (source.text === null) {
    sink.add(null, null, 'file_missing', messages.fileMissing());
    return undefined;
  }
  return readYaml(source.text, sink);
}

/**
 * Validates a whole logic-model folder given as texts: the measure catalogue, the indicator
 * catalogue and every model, cross-checked.
 * @throws LogicModelError listing every problem in every file.
 */
export function validateLogicModels(input: {
  measures: SourceFile;
  catalogue: SourceFile;
  models: readonly SourceFile[];
}): LoadedLogicModels {
  const sinks: ProblemSink[] = [];
  const sinkFor = (file: string) => {
    const sink = new ProblemSink(file);
    sinks.push(sink);
    return sink;
  };

  const mSink = sinkFor(input.measures.file);
  const mRaw = readSource(input.measures, mSink);
  const measures = mRaw === undefined ? null : checkMeasures(mRaw, mSink);

  const cSink = sinkFor(input.catalogue.file);
  const cRaw = readSource(input.catalogue, cSink);
  const catalogue = cRaw === undefined ? null : checkCatalogue(cRaw, measures?.lookup ?? null, cSink);

  const models: LogicModel[] = [];
  const modelFiles = new Map<string, string>();
  for (const source of input.models) {
    const sink = sinkFor(source.file);
    const raw = readSource(source, sink);
    const model = raw === undefined ? null : checkModel(raw, catalogue?.lookup ?? null, sink);
    if (!model) continue;
    const first = modelFiles.get(model.id);
    if (first) sink.add('model', model.id, 'duplicate_id', `${messages.duplicateId(model.id)}（${first}）`);
    else modelFiles.set(model.id, source.file);
    models.push(model);
  }

  throwIfProblems(sinks.flatMap((s) => s.problems));
  // No problems means every part parsed.
  return { measures: measures!.value!, catalogue: catalogue!.value!, models };
}

/**
 * Loads measures.yaml, indicators.yaml and every other *.yaml / *.yml file of `dir` as a logic
 * model, in file-name order.
 * @throws LogicModelError listing every problem in every file.
 */
export async function loadLogicModels(dir: string): Promise<LoadedLogicModels> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const read = async (file: string): Promise<SourceFile> => ({
    file,
    text: names.includes(file) ? await readFile(join(dir, file), 'utf8') : null,
  });
  const modelNames = names.filter((n) => n !== MEASURES_FILE && n !== INDICATORS_FILE);
  return validateLogicModels({
    measures: await read(MEASURES_FILE),
    catalogue: await read(INDICATORS_FILE),
    models: await Promise.all(modelNames.map(read)),
  });
}

/**
 * {@link loadLogicModels} without awaiting, for building services synchronously at start (the
 * folder is a few small files read once per process).
 * @throws LogicModelError listing every problem in every file.
 */
export function loadLogicModelsSync(dir: string): LoadedLogicModels {
  const names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  const read = (file: string): SourceFile => ({
    file,
    text: names.includes(file) ? readFileSync(join(dir, file), 'utf8') : null,
  });
  const modelNames = names.filter((n) => n !== MEASURES_FILE && n !== INDICATORS_FILE);
  return validateLogicModels({
    measures: read(MEASURES_FILE),
    catalogue: read(INDICATORS_FILE),
    models: modelNames.map(read),
  });
}
