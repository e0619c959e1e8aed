using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace ClubGrains.Tests.Hosting;

/// <summary>
/// A client generated from the served document drives the API: proof that the document is usable as
/// published, not only valid. NSwag writes the C# client and Roslyn compiles it here, at run time from
/// the document this build serves, so the test always checks the current document; the cost (a few
/// seconds of compilation) is paid by this one test, where a build-time client would need a committed
/// copy of the document kept in step by hand.
/// </summary>
public sealed class GeneratedClientTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_client_generated_from_the_document_creates_a_venue_puts_a_room_places_a_booking_and_reads_it()
    {
        using var anonymous = api.CreateClient();
        var client = await Generate(await anonymous.GetStringAsync("/openapi/v1.json"));
        var venue = "gc-" + Guid.NewGuid().ToString("N")[..8];

        using var operatorHttp = api.ClientAs(Roles.Operator, Actor.AllVenues);
        var asOperator = client.For(operatorHttp);
        var created = await asOperator.Call("CreateVenueAsync", client.Body("CreateVenueRequest", new { id = venue, name = "夜色", timeZone = "Asia/Shanghai", kinds = new[] { "ktv" } }));
        Assert.Equal(venue, created.GetProperty("id").GetString());
        var room = await asOperator.Call("PutRoomAsync", venue, "k01", client.Body("RoomDraft", new { name = "牡丹厅", kind = "ktv", type = "large", capacity = 12 }));
        Assert.Equal("牡丹厅", room.GetProperty("name").GetString());

        await api.RegisterManagers(venue, "K007");
        using var deskHttp = api.ClientAs(Roles.Reception, venue);
        var asDesk = client.For(deskHttp);
        var placed = await asDesk.Call("PlaceBookingAsync", venue, null, client.Body("BookingRequest", new
        {
            guestName = "王小明",
            guestPhone = "138 0013 8000",
            bookerDepartment = "ktv",
            bookerName = "李娜",
            bookerBadge = "K007",
            roomId = "k01",
        }));
        var bookingId = placed.GetProperty("id").GetString()!;

        var read = await asDesk.Call("GetBookingAsync", venue, bookingId);
        Assert.Equal(("k01", "王小明"), (read.GetProperty("roomId").GetString(), read.GetProperty("guestName").GetString()));

        // The generated enum member (Held) re-serialized here under its C# name.
        Assert.Equal("held", read.GetProperty("status").GetString(), ignoreCase: true);
        var board = await asDesk.Call("GetRoomAsync", venue, "k01");
        Assert.Equal(bookingId, board.GetProperty("bookingId").GetString());

        // A refusal reaches the client as the declared problem type, with its trace id and rule.
        var (problemType, problem) = await asDesk.Refusal("PlaceBookingAsync", venue, null, client.Body("BookingRequest", new { guestName = "王小明", roomId = "k01" }));
        Assert.Equal("HttpValidationProblemDetails", problemType);
        Assert.Equal("BK-1", problem.GetProperty("rule").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    /// <summary>
    /// NSwag's hook for the client's serializer settings: enums as the document's strings. NSwag marks
    /// a single enum property to be written as a string, but not the items of a list (a venue's kinds).
    /// </summary>
    private const string EnumsAsStrings = """
        namespace ClubGrains.Generated;

        public partial class ClubGrainsClient
        {
            static partial void UpdateJsonSerializerSettings(System.Text.Json.JsonSerializerOptions settings) =>
                settings.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        }
        """;

    private static async Task<GeneratedClient> Generate(string json)
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "ClubGrainsClient",
            GenerateClientInterfaces = false,
            UseBaseUrl = false,
            InjectHttpClient = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = "ClubGrains.Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        var code = new CSharpClientGenerator(document, settings).GenerateFile();

        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = Directory.GetFiles(framework, "*.dll")
            .Where(IsManagedAssembly)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "ClubGrains.Generated",
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest)), CSharpSyntaxTree.ParseText(EnumsAsStrings, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var emitted = compilation.Emit(assembly);
        Assert.True(emitted.Success, "The generated client does not compile:" + Environment.NewLine +
            string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)
                .Select(d => $"{d} in: {d.Location.SourceTree?.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()}")));
        assembly.Position = 0;
        var loaded = new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(assembly);
        return new GeneratedClient(loaded);
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The compiled client, driven by reflection: its methods are named after the document's operation ids.</summary>
    private sealed class GeneratedClient(Assembly assembly)
    {
        private readonly Type _client = assembly.GetType("ClubGrains.Generated.ClubGrainsClient", throwOnError: true)!;

        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

        /// <summary>A generated request type, filled from the same JSON a client would send.</summary>
        public object Body(string type, object json) =>
            JsonSerializer.Deserialize(JsonSerializer.Serialize(json), assembly.GetType($"ClubGrains.Generated.{type}", throwOnError: true)!, Json)!;

        public Calls For(HttpClient http) => new(_client, Activator.CreateInstance(_client, http)!);

        public sealed class Calls(Type type, object instance)
        {
            /// <summary>Calls the operation without a cancellation token and returns its result as JSON.</summary>
            public async Task<JsonElement> Call(string operation, params object?[] arguments)
            {
                var task = Invoke(operation, arguments);
                try
                {
                    await task;
                }
                catch (Exception e) when (Problem(e) is { } problem)
                {
                    Assert.Fail($"{operation}: {e.Message.Split('\n')[0]} {problem.Body}");
                }

                var result = task.GetType().GetProperty("Result")!.GetValue(task)!;
                return JsonSerializer.SerializeToElement(result, result.GetType(), Json);
            }

            /// <summary>Calls an operation that must be refused; returns the generated problem type's name and the problem as JSON.</summary>
            public async Task<(string Type, JsonElement Body)> Refusal(string operation, params object?[] arguments)
            {
                try
                {
                    await Invoke(operation, arguments);
                }
                catch (Exception e) when (Problem(e) is { } problem)
                {
                    return problem;
                }

                Assert.Fail($"{operation} was not refused.");
                return default;
            }

            private Task Invoke(string operation, object?[] arguments) =>
                (Task)type.GetMethods().Single(m => m.Name == operation && m.GetParameters().Length == arguments.Length).Invoke(instance, arguments)!;

            /// <summary>The generated ApiException&lt;TProblem&gt; carries the parsed problem in Result.</summary>
            private static (string Type, JsonElement Body)? Problem(Exception e) =>
                e.GetType().GetProperty("Result")?.GetValue(e) is { } problem
                    ? (problem.GetType().Name, JsonSerializer.SerializeToElement(problem, problem.GetType(), Json))
                    : null;
        }
    }
}
