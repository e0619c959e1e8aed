using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace ClubGrains.Api.Hosting;

internal static class ProblemDetailsDefaults
{
    /// <summary>Every problem names its trace, so a report can be matched to the logs.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        context.ProblemDetails.Instance ??= http.Request.Path;
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        if (context.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed && http.Features.Get<IHttpResponseFeature>() is not null)
        {
            context.ProblemDetails.Detail ??= $"{http.Request.Method} is not allowed on {http.Request.Path}.";
        }
    }
}
