import {api} from './api.js';
import {h, statusBadge} from './dom.js';

/** The list of projects, read once when the page opens, and the form that creates one. */
export function projectsPage() {
  const list = h('ul', {class: 'projects', 'aria-label': 'Projects'}, h('li', {class: 'hint'}, 'Loading\u2026'));
  const error = h('p', {class: 'form-error', role: 'alert'});
  const name = h('input', {id: 'project-name', name: 'name', required: true, maxlength: '200', autocomplete: 'off'});
  const form = h('form', {class: 'create', onsubmit: async event => {
    event.preventDefault();
    error.textContent = '';
    try {
      const project = await api.createProject(name.value.trim());
      location.hash = `#/projects/${project.id}`;
    } catch (e) {
      error.textContent = e.message;
    }
  }},
  h('label', {for: 'project-name'}, 'New project'), name, h('button', {type: 'submit'}, 'Create'), error);

  api.projects().then(projects => {
    list.replaceChildren(...(projects.length ? projects.map(p => h('li', {'data-project': p.id},
      h('a', {href: `#/projects/${p.id}`}, p.name), ' ', statusBadge(p.status),
      h('span', {class: 'meta'}, ` ${p.jobs.length} job${p.jobs.length === 1 ? '' : 's'}`)))
      : [h('li', {class: 'hint'}, 'No projects yet.')]));
  }, e => { error.textContent = e.message; });

  return h('section', {class: 'projects-page', 'aria-labelledby': 'projects-title'},
    h('h1', {id: 'projects-title'}, 'Projects'), form, list);
}
