using System.Globalization;

namespace ClubGrains.Bench;

/// <summary><c>--name value</c> and <c>--flag</c> arguments.</summary>
internal sealed class Cli
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private Cli()
    {
    }

    public static Cli Parse(IEnumerable<string> args)
    {
        var cli = new Cli();
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    cli._values[pending] = null;
                }

                pending = arg[2..];
            }
            else if (pending is not null)
            {
                cli._values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
        }

        if (pending is not null)
        {
            cli._values[pending] = null;
        }

        return cli;
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public string? Text(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public string Required(string name) => Text(name) ?? throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) =>
        Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyCollection<string> Names => _values.Keys;
}
