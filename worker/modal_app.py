"""The worker on Modal: a web endpoint that takes Meshwatch's launch request, spawns the
mesh function and answers its call id at once. Everything else is the plain, tested
package ``meshwatch_worker``; this file is the only one that needs ``modal``.

    modal deploy worker/modal_app.py        (docs/WORKER.md says what to set up first)
"""

from pathlib import Path

import modal

HERE = Path(__file__).resolve().parent
RECORDING = HERE.parent / "src" / "main" / "resources" / "samples" / "gmsh-bracket.rec"

image = (
    modal.Image.debian_slim(python_version="3.11")
    .apt_install("gmsh")
    .pip_install("boto3", "fastapi[standard]")
    .env({"MESHWATCH_SAMPLE_RECORDING": "/opt/meshwatch/gmsh-bracket.rec"})
    .add_local_file(str(RECORDING), "/opt/meshwatch/gmsh-bracket.rec")
    .add_local_python_source("meshwatch_worker")
)

app = modal.App("meshwatch-worker", image=image)
# MODAL_WEBHOOK_SECRET, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and optionally
# MESHWATCH_OUTPUT_BUCKET) from one Modal secret, so no value lives in code or image.
secrets = [modal.Secret.from_name("meshwatch-worker")]
# Meshwatch retries a launch that timed out: the same job_id gets the call it already has.
launches = modal.Dict.from_name("meshwatch-launches", create_if_missing=True)


@app.function(secrets=secrets, timeout=6 * 3600)
def mesh(launch: dict) -> dict:
    import os

    from meshwatch_worker import job, webhook

    return job.run(launch, webhook.first_secret(os.environ["MODAL_WEBHOOK_SECRET"]))


@app.function()
@modal.fastapi_endpoint(method="POST", requires_proxy_auth=True)
def launch(body: dict) -> dict:
    from fastapi import HTTPException

    from meshwatch_worker import job

    try:
        job_id = job.validate(body)
    except job.LaunchInvalid as e:
        raise HTTPException(status_code=400, detail=str(e)) from None
    existing = launches.get(job_id)
    if existing:
        return {"call_id": existing, "job_id": job_id}
    call = mesh.spawn(body)
    launches[job_id] = call.object_id
    return {"call_id": call.object_id, "job_id": job_id}
