/**
 * A prefecture's own logic model as uploaded: the model file's schema, plus optional
 * `custom_indicators` defined as sums of catalogue measures. Checked with the start-up rules:
 * the indicators as indicators.yaml entries against measures.yaml, the nodes against the
 * catalogue and the custom indicators together. Pure.
 */
import type { IndicatorDef, LoadedLogicModels, LogicModel } from './logic-models.definitions.js';
import { throwIfProblems } from './logic-models.errors.js';
import { checkCatalogue } from './catalogue.validate.js';
import { checkModel } from './model.validate.js';
import { messages } from './logic-models.messages.js';
import { ProblemSink, readYaml } from './yaml-input.js';

/** A validated prefecture model: the model and the indicators it defines itself. */
export interface PrefectureModel {
  model: LogicModel;
  indicators: IndicatorDef[];
}

/** The document as sent: YAML (or JSON, which is YAML) text, or already-parsed JSON. */
export type UploadInput = { text: string } | { json: unknown };

/**
 * Validates an uploaded model against the catalogues loaded at start.
 * @throws LogicModelError listing every problem (file, node or indicator id, code, message).
 */
export function validateUpload(input: UploadInput, base: Pick<LoadedLogicModels, 'measures' | 'catalogue'>, file = 'upload'): PrefectureModel {
  const sink = new ProblemSink(file);
  const raw = 'text' in input ? readYaml(input.text, sink) : input.json;
  if (raw === undefined) throwIfProblems(sink.problems);
  const { custom_indicators: customRaw, ...modelRaw } =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { custom_indicators: undefined };

  const measures = new Map(base.measures.measures.map((m) => [m.id, m]));
  let custom: IndicatorDef[] = [];
  const lookup = new Map<string, IndicatorDef | null>(base.catalogue.indicators.map((i) => [i.id, i]));
  if (customRaw !== undefined && !Array.isArray(customRaw)) {
    sink.add(null, null, 'invalid_field', messages.invalidField('custom_indicators', '指標の配列を書いてください'));
  } else if (customRaw !== undefined) {
    const checked = checkCatalogue(
      { version: 'custom', defaults: base.catalogue.defaults, indicators: customRaw },
      measures,
      sink,
    );
    custom = checked.value?.indicators ?? [];
    for (const [id, def] of checked.lookup) {
      if (lookup.has(id)) sink.add('indicator', id, 'duplicate_id', `ID "${id}" は標準の指標（indicators.yaml）と重複しています`);
      else lookup.set(id, def);
    }
  }
  const model = checkModel(raw && typeof raw === 'object' ? modelRaw : raw, lookup, sink);
  throwIfProblems(sink.problems);
  return { model: model!, indicators: custom };
}
