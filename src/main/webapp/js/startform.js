import {h} from './dom.js';

const STRATEGIES = ['tetrahedral', 'del3d', 'frontal3d', 'hxt', 'mmg3d', 'initial3d'];
/** The server's limit for params.geo, in characters. */
const MAX_GEO_CHARS = 256 * 1024;

/** The form that starts a mesh job; onStart(request) sends it and may throw. */
export function startForm(onStart) {
  const error = h('p', {class: 'form-error', role: 'alert'});
  const backend = h('select', {id: 'start-backend', name: 'backend'},
    h('option', {value: 'local'}, 'Local'), h('option', {value: 'modal'}, 'Modal'));
  const strategy = h('input', {id: 'start-strategy', name: 'strategy', value: 'tetrahedral', required: true,
    pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}', list: 'strategies', autocomplete: 'off'});
  const sample = h('select', {id: 'start-sample', name: 'sample', 'aria-label': 'Sample geometry'},
    h('option', {value: 'cube'}, 'cube'), h('option', {value: 'bracket'}, 'bracket'));
  const useSample = h('input', {type: 'radio', name: 'geometry', id: 'geometry-sample', value: 'sample', checked: true});
  const useFile = h('input', {type: 'radio', name: 'geometry', id: 'geometry-file', value: 'file'});
  const file = h('input', {type: 'file', id: 'start-file', accept: '.geo', 'aria-label': 'Geometry file (.geo)',
    onchange: () => { useFile.checked = true; }});
  const submit = h('button', {type: 'submit'}, 'Start job');

  const form = h('form', {class: 'start', 'aria-labelledby': 'start-heading', onsubmit: async event => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await onStart({backend: backend.value, strategy: strategy.value.trim(), params: await params()});
    } catch (e) {
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  }},
  h('h2', {id: 'start-heading'}, 'Start a job'),
  h('label', {for: 'start-backend'}, 'Backend'), backend,
  h('label', {for: 'start-strategy'}, 'Strategy'), strategy,
  h('datalist', {id: 'strategies'}, STRATEGIES.map(s => h('option', {value: s}))),
  h('fieldset', {},
    h('legend', {}, 'Geometry'),
    h('label', {}, useSample, ' Sample '), sample,
    h('label', {}, useFile, ' Upload a .geo file'), file),
  submit, error);

  async function params() {
    if (!useFile.checked) {
      return {geometry: sample.value};
    }
    const chosen = file.files[0];
    if (!chosen) {
      throw new Error('Choose a .geo file, or use a sample');
    }
    const text = await chosen.text();
    if (!text.trim() || text.length > MAX_GEO_CHARS) {
      throw new Error(`A .geo file must hold 1 to ${MAX_GEO_CHARS} characters`);
    }
    return {geo: text};
  }
  return form;
}
