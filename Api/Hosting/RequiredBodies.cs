using Microsoft.AspNetCore.Http.Metadata;

namespace ClubGrains.Api.Hosting;

/// <summary>
/// The one binding rule for bodies: an operation that takes a JSON body needs one, and a missing, empty
/// or <c>null</c> body is a 400 naming <c>body</c>, before any endpoint runs. The framework's own
/// binding would answer differently by endpoint (a developer's hint naming the parameter for some, a
/// null handed to the handler for others, where a generic body type hides its nullability).
/// </summary>
internal static class RequiredBodies
{
    public const string Field = "body";
    public const string Message = "Required: this operation takes a JSON body (not empty, not null).";

    /// <summary>Runs after authorization, so a stranger learns nothing about what the body got wrong.</summary>
    public static IApplicationBuilder UseRequiredBodies(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null } && await IsAbsent(http.Request))
            {
                var problem = TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [Field] = [Message] },
                    title: "The request has invalid fields.");
                await problem.ExecuteAsync(http);
                return;
            }

            await next(http);
        });

    /// <summary>
    /// Whether the body is missing, empty, whitespace or the JSON literal <c>null</c>. Reads only as far
    /// as it must (an object's first byte settles it), and rewinds for the endpoint's binding.
    /// </summary>
    private static async Task<bool> IsAbsent(HttpRequest request)
    {
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            return true;
        }

        request.EnableBuffering();
        var buffer = new byte[512];
        var seen = 0;
        try
        {
            while (await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted) is var read and > 0)
            {
                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
                    {
                        continue;
                    }

                    if (seen >= Null.Length || b != Null[seen])
                    {
                        return false;
                    }

                    seen++;
                }
            }

            return seen is 0 || seen == Null.Length;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static ReadOnlySpan<byte> Null => "null"u8;
}
