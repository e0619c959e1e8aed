using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// The committed fixtures of stored state (Tests/Fixtures): grain states written by an earlier build in
/// the Orleans serializer's format that grain storage uses, which today's types must still read.
/// </summary>
internal static class StoredFixtures
{
    /// <summary>Set to the Tests/Fixtures folder, the fixture tests write the fixtures anew from this build.</summary>
    private const string WriteVariable = "CLUBGRAINS_WRITE_FIXTURES";

    private static readonly Lazy<Serializer> Serializer = new(() =>
        new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(VenueState).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>());

    public static T Load<T>(string name) => Serializer.Value.Deserialize<T>(File.ReadAllBytes(PathOf(name)))!;

    /// <summary>
    /// Asserts the committed fixture is present; when asked (once, by whoever changes a stored type on
    /// purpose), writes it from <paramref name="populated"/> instead. Never overwritten otherwise.
    /// </summary>
    public static void AssertPresentOrWrite<T>(string name, Func<T> populated)
    {
        var target = Environment.GetEnvironmentVariable(WriteVariable);
        if (string.IsNullOrEmpty(target))
        {
            Assert.True(File.Exists(PathOf(name)), $"The committed fixture {PathOf(name)} is missing.");
            return;
        }

        File.WriteAllBytes(Path.Combine(target, name), Serializer.Value.SerializeToArray(populated()));
    }

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
