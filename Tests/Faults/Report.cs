using Xunit.Abstractions;

namespace ClubGrains.Tests.Faults;

/// <summary>Prints a scenario's figures to the test output and to the console (the ./test.sh log).</summary>
public sealed class Report(ITestOutputHelper output, string scenario)
{
    public void Line(string text)
    {
        var line = $"[{scenario}] {text}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
