using System.Globalization;
using Npgsql;

namespace EarTagTrace.Bench;

/// <summary>
/// CPU time of the hub plus PostgreSQL, from /proc: user + system time of every hub process (EARTAG_BENCH_HUB_PIDS or
/// EARTAG_HUB_PID, as ./eartag bench exports them, and their descendants) and of the bench cluster's postmaster and all
/// its children (backends, walwriter, checkpointer…). A backend that exits between two samples is not lost: the
/// postmaster reaps it, and its time moves into the postmaster's cutime/cstime, which is counted. Divided by the
/// messages a phase accepted it is <c>cpu_ms_per_msg</c>, a figure that holds from machine to machine where rates do not.
/// The bench client's own CPU is left out on purpose: it is neither the hub nor the database.
/// </summary>
public sealed class CpuMeter
{
    private static readonly double MsPerTick = 1000.0 / ClockTicksPerSecond();
    private readonly int[] _hubPids;
    private readonly int _postmaster;

    private CpuMeter(int[] hubPids, int postmaster)
    {
        _hubPids = hubPids;
        _postmaster = postmaster;
    }

    public string Describe() =>
        $"hub pid(s) {(_hubPids.Length == 0 ? "unknown" : string.Join(",", _hubPids))}, postmaster {_postmaster}";

    /// <summary>
    /// The meter for this run, or null where /proc cannot be read (not Linux, another user's processes). The postmaster
    /// is the parent of a backend of <paramref name="dataSource"/>, so the cluster is the one the hub writes to.
    /// </summary>
    public static async Task<CpuMeter?> CreateAsync(NpgsqlDataSource dataSource, int? hubPid, CancellationToken ct)
    {
        if (!Directory.Exists("/proc/self")) return null;
        try
        {
            await using var cmd = dataSource.CreateCommand("select pg_backend_pid()");
            var backend = (int)(await cmd.ExecuteScalarAsync(ct))!;
            var postmaster = Stat(backend)?.Ppid ?? 0;
            if (postmaster <= 1) return null; // the cluster runs elsewhere (another host, a container)
            var hubs = (Environment.GetEnvironmentVariable("EARTAG_BENCH_HUB_PIDS") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0)
                .Where(p => p > 0).ToList();
            if (hubs.Count == 0 && (hubPid ?? EnvPid("EARTAG_HUB_PID")) is { } one) hubs.Add(one);
            return new CpuMeter([.. hubs.Distinct()], postmaster);
        }
        catch (NpgsqlException) { return null; }
    }

    /// <summary>CPU milliseconds used so far by the hub and PostgreSQL; subtract two samples for a phase's share.</summary>
    public CpuSample Sample()
    {
        var all = AllStats();
        var hubTree = Descendants(all, _hubPids);
        long hub = hubTree.Sum(p => all[p].Utime + all[p].Stime);
        long pg = 0;
        foreach (var (pid, s) in all)
        {
            if (pid == _postmaster) pg += s.Utime + s.Stime + s.Cutime + s.Cstime;
            else if (s.Ppid == _postmaster) pg += s.Utime + s.Stime;
        }
        return new CpuSample(hub * MsPerTick, pg * MsPerTick);
    }

    private static HashSet<int> Descendants(Dictionary<int, ProcStat> all, int[] roots)
    {
        var set = new HashSet<int>(roots.Where(all.ContainsKey));
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, s) in all)
                if (!set.Contains(pid) && set.Contains(s.Ppid)) grew = set.Add(pid) || grew;
        } while (grew);
        return set;
    }

    private static Dictionary<int, ProcStat> AllStats()
    {
        var all = new Dictionary<int, ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Stat(pid) is { } s) all[pid] = s;
        }
        return all;
    }

    private readonly record struct ProcStat(int Ppid, long Utime, long Stime, long Cutime, long Cstime);

    /// <summary>
    /// Fields of /proc/&lt;pid&gt;/stat (man proc_pid_stat): ppid is field 4, utime/stime 14/15, cutime/cstime 16/17.
    /// The command name (field 2) may hold spaces and parentheses, so fields are counted after its last ')'.
    /// </summary>
    private static ProcStat? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var f = text[(close + 2)..].Split(' ');
        // f[0] is field 3 (state), so field n is f[n - 3].
        if (f.Length < 15) return null;
        long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
        return new ProcStat((int)L(4), L(14), L(15), L(16), L(17));
    }

    private static int? EnvPid(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    private static double ClockTicksPerSecond()
    {
        // USER_HZ is 100 on every Linux the hub runs on; getconf says so when present.
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("getconf", "CLK_TCK")
            { RedirectStandardOutput = true, UseShellExecute = false });
            if (p is not null && double.TryParse(p.StandardOutput.ReadToEnd().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var hz) && hz > 0)
                return hz;
        }
        catch (System.ComponentModel.Win32Exception) { }
        return 100;
    }
}

/// <summary>CPU milliseconds of the hub and of PostgreSQL at one moment.</summary>
public readonly record struct CpuSample(double HubMs, double PgMs)
{
    public double TotalMs => HubMs + PgMs;

    public static CpuSample operator -(CpuSample a, CpuSample b) => new(a.HubMs - b.HubMs, a.PgMs - b.PgMs);

    /// <summary>Milliseconds per message of this difference, or null when nothing was accepted.</summary>
    public double? PerMessage(double messages) => messages > 0 ? TotalMs / messages : null;
}
