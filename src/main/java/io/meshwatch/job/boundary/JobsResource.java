package io.meshwatch.job.boundary;

import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.logstream.control.LogStore;
import io.meshwatch.logstream.entity.StoredLine;
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

/** /api/jobs: a job's state for page load, and its stored log for catch-up and download. */
@Path("jobs")
@RequestScoped
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
    public JobView get(@PathParam("jobId") String jobId) {
        return JobView.of(jobs.require(jobId));
    }

    /**
     * JSON pages by default; the whole log as text/plain when {@code format=text}
     * or when the client prefers text/plain. {@code download} adds a file name.
     */
    @GET
    @Path("{jobId}/log")
    @Produces({MediaType.APPLICATION_JSON, "text/plain;qs=0.5"})
    public Response log(@PathParam("jobId") String jobId,
                        @QueryParam("after") String afterParam,
                        @QueryParam("limit") String limitParam,
                        @QueryParam("format") String format,
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
