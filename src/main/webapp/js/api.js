/**
 * The REST calls the pages make, relative to the page, so Meshwatch works under
 * any context root. Only page loads and user actions call these; updates come
 * over the WebSocket.
 */
async function request(method, path, body) {
  const init = {method, headers: {Accept: 'application/json'}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const json = (response.headers.get('Content-Type') || '').includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new Error(json?.message || `${method} ${path} answered ${response.status}`);
  }
  return json;
}

export const api = {
  projects: () => request('GET', 'api/projects'),
  project: id => request('GET', `api/projects/${id}`),
  createProject: name => request('POST', 'api/projects', {name}),
  startJob: (projectId, job) => request('POST', `api/projects/${projectId}/meshes`, job),
  logDownloadUrl: jobId => `api/jobs/${encodeURIComponent(jobId)}/log?format=text&download`,
};
