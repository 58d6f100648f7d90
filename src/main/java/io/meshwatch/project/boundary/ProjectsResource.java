package io.meshwatch.project.boundary;

import io.meshwatch.job.boundary.JobStarted;
import io.meshwatch.job.boundary.JobView;
import io.meshwatch.job.control.JobLauncher;
import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.platform.ApiDocs;
import io.meshwatch.platform.ApiException;
import io.meshwatch.platform.JsonRequest;
import io.meshwatch.project.control.ProjectStore;
import io.meshwatch.project.entity.Project;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** /api/projects: create, list and read projects, and start their mesh jobs. */
@Path("projects")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "projects", description = "Projects and the start of their mesh jobs")
public class ProjectsResource {

    static final int MAX_NAME = 200;
    static final Pattern STRATEGY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final String DEFAULT_STRATEGY = "tetrahedral";

    @Inject
    ProjectStore projects;

    @Inject
    JobStore jobs;

    @Inject
    JobLauncher launcher;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createProject", summary = "Create a project")
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "NewProject")))
    @APIResponse(responseCode = "201", description = "The new project, without jobs",
            headers = @Header(name = "Location", description = "The project's URL",
                    schema = @Schema(ref = "Url")),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "Project")))
    @APIResponse(responseCode = "400", description = ApiDocs.BAD_REQUEST, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "MissingName")))
    @APIResponse(responseCode = "413", description = ApiDocs.TOO_LARGE, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "TooLarge")))
    @APIResponse(responseCode = "415", description = ApiDocs.NOT_JSON, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "NotJson")))
    public Response create(String body, @Context UriInfo uri) {
        String name = JsonRequest.parse(body).requiredString("name", MAX_NAME);
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw ApiException.badRequest("'name' must not contain control characters");
        }
        Project project = projects.create(name);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(project.getId())).build())
                .entity(ProjectView.of(project, List.of()))
                .build();
    }

    @GET
    @Operation(operationId = "listProjects", summary = "Every project with its jobs")
    @APIResponse(responseCode = "200", description = "Every project, each with its jobs oldest first",
            content = @Content(mediaType = ApiDocs.JSON,
                    schema = @Schema(ref = "Projects")))
    public List<ProjectView> list() {
        List<Project> all = projects.all();
        Map<Long, List<JobView>> jobsByProject = jobs.ofProjects(all.stream().map(Project::getId).toList())
                .stream()
                .collect(Collectors.groupingBy(MeshResult::getProjectId,
                        Collectors.mapping(JobView::of, Collectors.toList())));
        return all.stream()
                .map(p -> ProjectView.of(p, jobsByProject.getOrDefault(p.getId(), List.of())))
                .toList();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getProject", summary = "A project with its jobs")
    @APIResponse(responseCode = "200", description = "The project with its jobs, oldest first",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "Project")))
    @APIResponse(responseCode = "404", description = ApiDocs.NOT_FOUND_PROJECT, content = @Content(
            mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "ProjectNotFound")))
    public ProjectView get(@Parameter(description = "The project's id", example = "1",
            required = true, schema = @Schema(ref = "ProjectId")) @PathParam("id") String id) {
        Project project = projects.require(projectId(id));
        List<JobView> views = jobs.ofProjects(List.of(project.getId())).stream().map(JobView::of).toList();
        return ProjectView.of(project, views);
    }

    @POST
    @Path("{id}/meshes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startMesh", summary = "Start a mesh job",
            description = "Answers at once with the job's id; the log arrives over the WebSocket "
                    + "/ws/projects/{projectId} and the end as job_completed or job_failed.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "StartMesh")))
    @APIResponse(responseCode = "202", description = "The job is created; it runs in the background",
            headers = @Header(name = "Location", description = "The job's URL, /api/jobs/{jobId}",
                    schema = @Schema(ref = "Url")),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "JobStarted")))
    @APIResponse(responseCode = "400", description = ApiDocs.BAD_REQUEST, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "BadBackend")))
    @APIResponse(responseCode = "404", description = ApiDocs.NOT_FOUND_PROJECT, content = @Content(
            mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "ProjectNotFound")))
    @APIResponse(responseCode = "413", description = ApiDocs.TOO_LARGE, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "TooLarge")))
    @APIResponse(responseCode = "415", description = ApiDocs.NOT_JSON, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "NotJson")))
    @APIResponse(responseCode = "503", description = "backend modal while MODAL_LAUNCH_URL is not set",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR),
                    examples = @ExampleObject(name = "ModalNotConfigured")))
    public Response startMesh(@Parameter(description = "The project's id", example = "1",
            required = true, schema = @Schema(ref = "ProjectId")) @PathParam("id") String id,
                              String body, @Context UriInfo uri) {
        long projectId = projectId(id);
        JsonRequest request = JsonRequest.parse(body);
        String backendName = request.optionalString("backend", 16);
        Backend backend = backendName == null ? Backend.LOCAL : Backend.fromJson(backendName);
        if (backend == null) {
            throw ApiException.badRequest("'backend' must be \"local\" or \"modal\"");
        }
        String strategy = request.optionalString("strategy", 64);
        if (strategy == null || strategy.isEmpty()) {
            strategy = DEFAULT_STRATEGY;
        } else if (!STRATEGY.matcher(strategy).matches()) {
            throw ApiException.badRequest("'strategy' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        JsonObject params = request.optionalObject("params");
        MeshResult job = launcher.start(projectId, backend, strategy, params);
        return Response.accepted(new JobStarted(job.getJobId(), job.getId(), job.getProjectId(),
                        job.getStatus().name()))
                .location(uri.getBaseUriBuilder().path("jobs").path(job.getJobId()).build())
                .build();
    }

    /** A path id that is not a positive number names no project. */
    static long projectId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.notFound("No project with id " + id);
    }
}
