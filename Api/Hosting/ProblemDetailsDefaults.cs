using System.Diagnostics;

namespace ClubGrains.Api.Hosting;

internal static class ProblemDetailsDefaults
{
    /// <summary>Every problem names its trace, so a report can be matched to the logs.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        context.ProblemDetails.Instance ??= http.Request.Path;
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        // The framework names a type for the common statuses only; these are ours to name.
        context.ProblemDetails.Type ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
            StatusCodes.Status431RequestHeaderFieldsTooLarge => "https://tools.ietf.org/html/rfc6585#section-5",
            _ => null,
        };
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status401Unauthorized => "A bearer token signed by this service is required; it is missing, expired or not ours.",
            StatusCodes.Status403Forbidden => "Your role or your venue grants do not allow this.",
            StatusCodes.Status404NotFound => $"Nothing is at {http.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
            _ => null,
        };
    }
}
