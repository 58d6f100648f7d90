import {projectsPage} from './projects.js';
import {ProjectPage} from './project.js';

/**
 * Routes in the hash, so the server serves one page under any context root:
 *   #/                                  the projects
 *   #/projects/{id}                     a project and its jobs
 *   #/projects/{id}/jobs/{jobId}        ... with that job's terminal
 *   #/projects/{id}/jobs/{jobId}/L{seq} ... scrolled to one line (also ...#L{seq})
 */
const ROUTE = /^#\/projects\/(\d+)(?:\/jobs\/([A-Za-z0-9_.-]+)(?:[/#]L(\d+))?)?\/?$/;

const view = document.getElementById('view');
const connection = document.getElementById('connection');
let page = null;

const STATES = {connecting: 'Connecting\u2026', live: 'Live', reconnecting: 'Reconnecting'};

function showConnection(state, detail) {
  connection.dataset.state = state || '';
  connection.textContent = state ? STATES[state] + (detail && state !== 'connecting' ? `: ${detail}` : '') : '';
}

function route() {
  const match = ROUTE.exec(location.hash);
  if (!match) {
    page?.destroy();
    page = null;
    showConnection('');
    view.replaceChildren(projectsPage());
    document.title = 'Meshwatch';
    return;
  }
  const projectId = Number(match[1]);
  if (!(page instanceof ProjectPage) || page.projectId !== projectId) {
    page?.destroy();
    page = new ProjectPage(projectId, showConnection);
    view.replaceChildren(page.element);
  }
  page.show(match[2] || null, match[3] ? Number(match[3]) : null);
}

addEventListener('hashchange', route);
// The first page is built in a task of its own, so the document's start-up work (parsing,
// the modules, the first style and layout) and building the page each stay a short task.
setTimeout(route);
