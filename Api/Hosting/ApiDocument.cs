using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClubGrains.Api.Hosting;

/// <summary>
/// The OpenAPI document says what the service does, not what the endpoints happened to declare: the
/// answers every operation can get from the layers around it (401, 403, 413, 415, 429, 500, 503), the
/// problem-details extensions every error carries, which fields may be left out, and no server address
/// taken from the request.
/// </summary>
internal static class ApiDocument
{
    public const string ProblemSchema = nameof(ProblemDetails);
    public const string ValidationProblemSchema = nameof(HttpValidationProblemDetails);
    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddClubGrainsOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            // OpenAPI 3.0, which client generators read whole (NSwag, for one, turns 3.1's nullable
            // references into wrapper classes); nothing the API says needs 3.1.
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, cancellationToken) =>
                await DeclareAnswers(operation, context, cancellationToken));
            o.AddSchemaTransformer((schema, context, _) =>
            {
                Shape(schema, context);
                return Task.CompletedTask;
            });
        });

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "ClubGrains API";
        document.Info.Description = "Rooms, bookings and account managers of a chain of KTV and disco venues. " +
            "Send a bearer token (JWT); in the embedded default, `dotnet run --project Api -- token --role operator --venue '*'` prints one. " +
            "Every error is RFC 7807 problem details with a `traceId`, and a `rule` where a house rule decided.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary: the venues' own service" };
        document.Info.Contact = new OpenApiContact { Name = "The chain's operators" };

        // Relative to the document: the address a client reached is the one to use, whatever a proxy or
        // the request's Host header says (a Host-derived address could point a client anywhere).
        document.Servers = [new OpenApiServer { Url = "/", Description = "Where this document was served from." }];

        document.Components ??= new OpenApiComponents();

        // A nullable enum member comes as "one of null or the enum"; the enum's schema already admits
        // null, so the member is the enum itself, which generators turn into the enum type rather than
        // a wrapper class of their own.
        var members = document.Components.Schemas?.Values.OfType<OpenApiSchema>()
            .SelectMany(s => s.Properties?.Values ?? []).OfType<OpenApiSchema>() ?? [];
        foreach (var member in members)
        {
            if (member.OneOf is { Count: 2 } oneOf && oneOf.Count(IsNullOnly) == 1)
            {
                member.AllOf = [oneOf.Single(s => !IsNullOnly(s))];
                member.OneOf = null;
            }
        }

        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A ClubGrains token: subject, role, granted venues (and badge, department for managers).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
    }

    /// <summary>Adds the answers the pipeline gives around the endpoint, where the endpoint did not declare them.</summary>
    private static async Task DeclareAnswers(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        await Register(document, context, typeof(ProblemDetails), ProblemSchema, cancellationToken);
        await Register(document, context, typeof(HttpValidationProblemDetails), ValidationProblemSchema, cancellationToken);

        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? string.Empty;
        var write = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        var takesBody = context.Description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body);
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        operation.Responses ??= [];

        if (takesBody && operation.RequestBody is OpenApiRequestBody body)
        {
            // One binding rule (RequiredBodies): a body that is missing, empty or null is a 400.
            body.Required = true;
            Add(operation, document, StatusCodes.Status400BadRequest, "A field is invalid, or the body is missing, empty, null or not JSON.", ValidationProblemSchema);
            Add(operation, document, StatusCodes.Status413PayloadTooLarge, $"The body is over {ClubGrainsApi.MaxRequestBodyBytes / 1024} KiB.");
            Add(operation, document, StatusCodes.Status415UnsupportedMediaType, "The body is not sent as application/json.");
        }

        if (!anonymous)
        {
            Add(operation, document, StatusCodes.Status401Unauthorized, "No bearer token, or one that is expired or not signed by this service.");
            Add(operation, document, StatusCodes.Status403Forbidden, "The caller's role or venue grants do not allow this; `rule` names the house rule where one decided.");
        }

        if (write)
        {
            Add(operation, document, StatusCodes.Status429TooManyRequests, "Past the write rate limit of the client; retry after `Retry-After` seconds.", retryAfter: true);
        }

        Add(operation, document, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request's headers are too large or too many.");
        Add(operation, document, StatusCodes.Status500InternalServerError, "An unexpected failure, logged with the `traceId`; no internals are shown.");
        Add(operation, document, StatusCodes.Status503ServiceUnavailable, "Storage or the cluster did not answer; nothing was changed. Retry after `Retry-After` seconds.", retryAfter: true);

        // Problems are problem+json only: the generator also lists plain JSON for declared problem responses.
        foreach (var (status, response) in operation.Responses)
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse { Content: { } content } && content.ContainsKey(ProblemJson))
            {
                foreach (var other in content.Keys.Where(k => k != ProblemJson).ToList())
                {
                    content.Remove(other);
                }
            }
        }
    }

    private static async Task Register(OpenApiDocument document, OpenApiOperationTransformerContext context, Type type, string id, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas?.ContainsKey(id) == true)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        document.AddComponent(id, schema);
    }

    private static void Add(OpenApiOperation operation, OpenApiDocument document, int status, string description, string schema = ProblemSchema, bool retryAfter = false)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(schema, document) } },
        };
        if (retryAfter)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before retrying.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }

        operation.Responses[key] = response;
    }

    private static void Shape(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        if (context.JsonPropertyInfo is not null || context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var type = context.JsonTypeInfo.Type;
        if (typeof(ProblemDetails).IsAssignableFrom(type))
        {
            // Every problem carries its trace (ProblemDetailsDefaults) and, where a house rule decided, the rule;
            // RFC 7807 lets problems carry further members, so the schema does not forbid them.
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Finds the request in the logs and traces." };
            schema.Properties["rule"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The house rule that decided (BK-, WD-, LG-, PF-, TG-, DS-, CR-), when one did." };
            schema.Required ??= new HashSet<string>();
            schema.Required.Add("traceId");
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
            return;
        }

        // A member whose type admits null may be left out: the binder then reads it as null and the rules,
        // not the binder, decide whether it was needed (a 400 naming the field). Only members the binder
        // itself requires stay required.
        if (schema.Required is not { Count: > 0 } required)
        {
            return;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!property.IsRequired && property.IsSetNullable)
            {
                required.Remove(property.Name);
            }
        }
    }

    private static bool IsNullOnly(IOpenApiSchema schema) =>
        schema is OpenApiSchema { Type: JsonSchemaType.Null } or OpenApiSchema { Enum: [null] };
}
