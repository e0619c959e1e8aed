using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// A program the test starts (a built ClubGrains program, Prometheus, PostgreSQL): output kept for the
/// failure message. On Linux it runs in a process group of its own (started through <c>setsid</c>, which
/// execs in place, so the PID is the program's), so a kill reaches its whole tree at once; a watchdog
/// shell kills that group when the test host dies without disposing (a hang timeout, a crash), and the
/// host's exit handler kills every child still running.
/// </summary>
public sealed partial class ChildProcess : IDisposable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private static readonly ConcurrentDictionary<ChildProcess, byte> Running = new();
    private readonly Process _process;
    private readonly Process? _watchdog;
    private readonly StringBuilder _output = new();

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var child in Running.Keys)
            {
                child.Kill();
            }
        };
    }

    private ChildProcess(string name, ProcessStartInfo start)
    {
        Name = name;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        if (OperatingSystem.IsLinux())
        {
            start.ArgumentList.Insert(0, start.FileName);
            start.FileName = "setsid";
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        Running[this] = 0;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (OperatingSystem.IsLinux())
        {
            _watchdog = StartWatchdog(_process.Id);
        }
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ChildProcess(name, start);
    }

    /// <summary>The last lines of its output, for a failure message.</summary>
    public string Tail(int lines = 40) =>
        $"--- {Name} ({(HasExited ? $"exited {_process.ExitCode}" : "running")}) ---{Environment.NewLine}" +
        string.Join(Environment.NewLine, Output.Split(Environment.NewLine).TakeLast(lines));

    /// <summary>kill -9 of the whole process group, then reaps it (bounded); true when it is gone.</summary>
    public bool Kill()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // The group's id is the program's PID (setsid); a negative id signals every member.
                _ = SendSignal(-_process.Id, SigKill);
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            return _process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
            return true;
        }
        finally
        {
            Running.TryRemove(this, out _);
        }
    }

    /// <summary>Waits, bounded, for the program to end by itself, and for the last of its output.</summary>
    public async Task Exited(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Asks the program to stop (SIGTERM: the host's graceful shutdown) and waits, bounded; kills it if it does not.</summary>
    public async Task<TimeSpan> Stop(TimeSpan within)
    {
        var started = Stopwatch.StartNew();
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, SigTerm);
            using var timeout = new CancellationTokenSource(within);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw new TimeoutException($"{Name} did not stop within {within.TotalSeconds:0} s of SIGTERM; it was killed.{Environment.NewLine}{Tail()}");
            }
        }

        Kill();
        return started.Elapsed;
    }

    public void Dispose()
    {
        Kill();
        try
        {
            if (_watchdog is { HasExited: false })
            {
                _watchdog.Kill();
                _watchdog.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It noticed the group was gone and exited by itself.
        }

        _watchdog?.Dispose();
        _process.Dispose();
    }

    /// <summary>A shell that polls once a second and kills the child's group once the test host is gone.</summary>
    private static Process StartWatchdog(int group)
    {
        var host = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var pgid = group.ToString(CultureInfo.InvariantCulture);
        var script = $"while kill -0 {host} 2>/dev/null && kill -0 -- -{pgid} 2>/dev/null; do sleep 1; done; kill -9 -- -{pgid} 2>/dev/null";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return Process.Start(start)!;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the end: a long-running program's early output matters less than why it stopped.
            if (_output.Length > 200_000)
            {
                _output.Remove(0, 100_000);
            }

            _output.AppendLine(line);
        }
    }
}
