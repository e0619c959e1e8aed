using System.Globalization;

namespace ClubGrains.Api.Hosting;

/// <summary>
/// Oversized request headers get a 431 with problem details. Kestrel itself answers its header limits
/// with an empty 431 before any middleware runs, so the service keeps the usual limits (32 KiB, 100
/// headers) here and sets Kestrel's twice as high, as a backstop that only a far larger request meets.
/// </summary>
internal static class HeaderLimits
{
    public const int MaxTotalBytes = 32 * 1024;
    public const int MaxCount = 100;

    public static void ConfigureKestrel(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits limits)
    {
        limits.MaxRequestHeadersTotalSize = 2 * MaxTotalBytes;
        limits.MaxRequestHeaderCount = 2 * MaxCount;
    }

    /// <summary>First in the pipeline: a request this large is refused before its token is even read.</summary>
    public static IApplicationBuilder UseHeaderLimits(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var headers = http.Request.Headers;
            var total = 0L;
            foreach (var (name, values) in headers)
            {
                // As on the wire: "name: value\r\n" per value.
                foreach (var value in values)
                {
                    total += name.Length + (value?.Length ?? 0) + 4;
                }
            }

            if (total > MaxTotalBytes || headers.Count > MaxCount)
            {
                http.Response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status431RequestHeaderFieldsTooLarge,
                        Title = "The request's headers are too large.",
                        Detail = string.Create(CultureInfo.InvariantCulture, $"At most {MaxCount} headers of {MaxTotalBytes / 1024} KiB in all."),
                    },
                });
                return;
            }

            await next(http);
        });
}
