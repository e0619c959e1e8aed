using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ClubGrains.Api.Hosting;

/// <summary>
/// Turns exceptions into problem details: bad requests name what was wrong, storage outages are 503
/// with Retry-After, anything else is a 500 without internals, logged with its trace id.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception, out var status);
        if (status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", httpContext.Request.Method, httpContext.Request.Path, status);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = status;
        problem.Status = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Describe(Exception exception, out int status)
    {
        if (exception is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            var json = Find<JsonException>(bad);
            return new ProblemDetails
            {
                Title = status switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON (Content-Type: application/json).",
                    _ => "The request could not be read.",
                },
                Detail = json is not null ? DescribeJson(json) : status switch
                {
                    StatusCodes.Status413PayloadTooLarge => $"At most {ClubGrainsApi.MaxRequestBodyBytes / 1024} KiB.",
                    StatusCodes.Status415UnsupportedMediaType => "Send the body with Content-Type: application/json.",

                    // The framework's message names the handler's parameters and types: not the client's business.
                    _ => "The request could not be read as this operation expects; see the OpenAPI document (/openapi/v1.json).",
                },
            };
        }

        if (IsTransient(exception))
        {
            status = StatusCodes.Status503ServiceUnavailable;
            return new ProblemDetails
            {
                Title = "The service is briefly unavailable.",
                Detail = $"Storage or the cluster did not answer; nothing was changed by this request. Retry in {RetryAfterSeconds} seconds.",
            };
        }

        status = StatusCodes.Status500InternalServerError;
        return new ProblemDetails { Title = "An unexpected error occurred.", Detail = "The failure was logged with this trace id." };
    }

    /// <summary>
    /// Storage or the cluster failed to answer, and a retry later may succeed: the database down or
    /// timing out (Npgsql, SQLite), a silo dead or leaving (rejected messages, lost connections, call
    /// timeouts), a gateway overloaded, or a concurrent write from a grain's other activation after a
    /// partition (the grain reloads). Orleans may wrap any of these, so the whole chain is searched.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or TimeoutException
                or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException
                or Orleans.Storage.InconsistentStateException)
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where the JSON went wrong and how, in the client's terms: System.Text.Json's own messages name
    /// .NET types (the request record, an enum), which are ours, not the client's.
    /// </summary>
    private static string DescribeJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) ? "the body" : json.Path;
        if (json.InnerException is JsonException syntax)
        {
            // The reader's own message (a syntax error) names characters and positions, never types.
            return $"Invalid JSON at {field}: {syntax.Message.Split(" LineNumber:", 2)[0].TrimEnd(' ', '|')}";
        }

        return json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
            ? $"Unknown field at {field}: unknown fields are refused, not ignored (check its spelling against the OpenAPI document)."
            : $"Invalid value at {field}: not of the field's type or format (see the OpenAPI document).";
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
