using System.Diagnostics;
using System.Text;

namespace ClubGrains.Bench;

/// <summary>
/// A program the driver starts (the service, a baseline): its output is drained (a full pipe would
/// stall it) and its tail kept for error messages; it is killed by its own handle on dispose.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _tail = new();
    private readonly List<string> _marked = [];
    private readonly string _marker;
    private readonly List<string> _problems = [];
    private bool _problemFollows;
    private int _problemCount;

    private ChildProcess(string name, ProcessStartInfo start, string marker)
    {
        Name = name;
        _marker = marker;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the program has used so far (user and system, all its threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts <c>dotnet ASSEMBLY args</c> in a working folder.</summary>
    public static ChildProcess StartDotnet(string name, string assembly, IEnumerable<string> arguments, string workingDirectory, string marker = "RESULT ")
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return new ChildProcess(name, start, marker);
    }

    /// <summary>Lines the program printed starting with the marker (without it).</summary>
    public IReadOnlyList<string> Marked
    {
        get
        {
            lock (_marked)
            {
                return [.. _marked];
            }
        }
    }

    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Log entries at Warning level or above the program printed (console formatter: "warn:", "fail:", "crit:"), counted, and the first ones kept.</summary>
    public (int Count, IReadOnlyList<string> First) Problems
    {
        get
        {
            lock (_problems)
            {
                return (_problemCount, [.. _problems]);
            }
        }
    }

    public string Tail(int lines = 30)
    {
        lock (_tail)
        {
            return $"--- {Name} ({(HasExited ? $"exited {_process.ExitCode}" : "running")}) ---{Environment.NewLine}" +
                string.Join(Environment.NewLine, _tail.ToString().Split(Environment.NewLine).TakeLast(lines));
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith(_marker, StringComparison.Ordinal))
        {
            lock (_marked)
            {
                _marked.Add(line[_marker.Length..]);
            }
        }

        lock (_problems)
        {
            if (_problemFollows && _problems.Count > 0)
            {
                _problems[^1] += " " + line.Trim();
                _problemFollows = false;
            }
            else if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                _problemCount++;
                if (_problems.Count < 10)
                {
                    _problems.Add(line);
                    _problemFollows = true;
                }
            }
        }

        lock (_tail)
        {
            if (_tail.Length > 64_000)
            {
                _tail.Remove(0, 32_000);
            }

            _tail.AppendLine(line);
        }
    }
}
