package io.meshwatch.job.boundary;

import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.logstream.control.LogStore;
import io.meshwatch.logstream.entity.StoredLine;
import io.meshwatch.platform.ApiDocs;
import io.meshwatch.platform.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** /api/jobs: a job's state for page load, and its stored log for catch-up and download. */
@Path("jobs")
@RequestScoped
@Tag(name = "jobs", description = "A job's state and its stored log")
public class JobsResource {

    static final int MAX_PAGE = 10_000;
    static final int TEXT_CHUNK = 5_000;

    @Inject
    JobStore jobs;

    @Inject
    LogStore logs;

    @GET
    @Path("{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJob", summary = "A job's status and result",
            description = "For page load; live changes arrive over the WebSocket, so do not poll this.")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "Job")))
    @APIResponse(responseCode = "404", description = ApiDocs.NOT_FOUND_JOB, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "JobNotFound")))
    public JobView get(@Parameter(description = "local-{meshId} or modal-{uuid}", example = "local-1", required = true)
                       @PathParam("jobId") String jobId) {
        return JobView.of(jobs.require(jobId));
    }

    /**
     * JSON pages by default; the whole log as text/plain when {@code format=text}
     * or when the client prefers text/plain. {@code download} adds a file name.
     */
    @GET
    @Path("{jobId}/log")
    @Produces({MediaType.APPLICATION_JSON, "text/plain;qs=0.5"})
    @Operation(operationId = "getJobLog", summary = "The job's stored log, for catch-up and download",
            description = "JSON pages of up to 10,000 lines by default; the whole log after `after` as "
                    + "text/plain with format=text or Accept: text/plain.")
    @APIResponse(responseCode = "200", description = "A page of stored lines, or the log as text",
            content = {
                @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "LogPage")),
                @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(ref = "LogText"),
                        examples = @ExampleObject(name = "LogAsText"))
            })
    @APIResponse(responseCode = "400", description = "after, limit or format out of range", content = @Content(
            mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "BadAfter")))
    @APIResponse(responseCode = "404", description = ApiDocs.NOT_FOUND_JOB, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "JobNotFound")))
    public Response log(@Parameter(description = "local-{meshId} or modal-{uuid}", example = "local-1", required = true)
                        @PathParam("jobId") String jobId,
                        @Parameter(description = "Only lines with a greater seq (0, the default, is the start)",
                                schema = @Schema(ref = "Seq"))
                        @QueryParam("after") String afterParam,
                        @Parameter(description = "JSON only: at most this many lines (1 to 10,000, the default)",
                                schema = @Schema(ref = "PageLimit"))
                        @QueryParam("limit") String limitParam,
                        @Parameter(description = "json (the default) or text",
                                schema = @Schema(ref = "LogFormat"))
                        @QueryParam("format") String format,
                        @Parameter(description = "Text only: present adds Content-Disposition with {jobId}.log",
                                allowEmptyValue = true, schema = @Schema(ref = "Flag"))
                        @QueryParam("download") String download,
                        @Context HttpHeaders headers) {
        MeshResult job = jobs.require(jobId);
        long after = number("after", afterParam, 0, 0, Long.MAX_VALUE);
        boolean text = format != null ? parseFormat(format) : prefersText(headers);
        if (text) {
            Response.ResponseBuilder answer = Response.ok(plainText(job.getId(), after),
                    MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"));
            if (download != null) {
                answer.header("Content-Disposition", "attachment; filename=\"" + jobId + ".log\"");
            }
            return answer.build();
        }
        int limit = (int) number("limit", limitParam, MAX_PAGE, 1, MAX_PAGE);
        List<StoredLine> lines = logs.after(job.getId(), after, limit);
        long nextAfter = lines.isEmpty() ? after : lines.get(lines.size() - 1).seq();
        return Response.ok(new LogPage(jobId, job.getStatus().name(), after, job.getLastSeq(), nextAfter,
                nextAfter < job.getLastSeq(), lines), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private StreamingOutput plainText(long meshResultId, long after) {
        return output -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            long cursor = after;
            while (true) {
                List<StoredLine> chunk = logs.after(meshResultId, cursor, TEXT_CHUNK);
                for (StoredLine line : chunk) {
                    writer.write(line.text());
                    writer.write('\n');
                }
                if (chunk.size() < TEXT_CHUNK) {
                    break;
                }
                cursor = chunk.get(chunk.size() - 1).seq();
            }
            writer.flush();
        };
    }

    private static boolean parseFormat(String format) {
        return switch (format) {
            case "text" -> true;
            case "json" -> false;
            default -> throw ApiException.badRequest("'format' must be \"json\" or \"text\"");
        };
    }

    private static boolean prefersText(HttpHeaders headers) {
        List<MediaType> accepted = headers.getAcceptableMediaTypes();
        return !accepted.isEmpty() && accepted.get(0).isCompatible(MediaType.TEXT_PLAIN_TYPE)
                && !accepted.get(0).isWildcardType();
    }

    static long number(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("'" + name + "' must be a whole number from " + min + " to " + max);
    }
}
