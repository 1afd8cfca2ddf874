using System.Globalization;

namespace EarTagTrace.Bench.Ledger;

/// <summary>
/// The hub's memory as Linux sees it (/proc/&lt;pid&gt;/status): resident set now (VmRSS) and its peak (VmHWM). The
/// peak can be reset (writing 5 to /proc/&lt;pid&gt;/clear_refs), so a peak read after one operation is that
/// operation's peak. The pid comes from EARTAG_HUB_PID (./eartag bench exports it), else from whoever listens on the
/// hub's port.
/// </summary>
public sealed class HubMemory(int pid)
{
    public int Pid => pid;

    public static HubMemory? Find(int? pid, int port)
    {
        if (pid is { } p && Directory.Exists($"/proc/{p}")) return new HubMemory(p);
        return ListenerOf(port) is { } q ? new HubMemory(q) : null;
    }

    /// <summary>kB of VmRSS and VmHWM, or null when /proc cannot be read.</summary>
    public (long RssKb, long PeakKb)? Memory()
    {
        try
        {
            long rss = -1, hwm = -1;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kb(line);
            }
            return rss < 0 || hwm < 0 ? null : (rss, hwm);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Resets VmHWM to the current RSS; false when not allowed (another user's process, old kernel).</summary>
    public bool ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>The process with a listening TCP socket on the port (found through /proc/net/tcp and /proc/*/fd).</summary>
    private static int? ListenerOf(int port)
    {
        try
        {
            var inodes = new HashSet<string>();
            foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            {
                if (!File.Exists(table)) continue;
                foreach (var line in File.ReadLines(table).Skip(1))
                {
                    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (f.Length < 10 || f[3] != "0A") continue;
                    var local = f[1];
                    if (int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                        inodes.Add("socket:[" + f[9] + "]");
                }
            }
            if (inodes.Count == 0) return null;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var candidate)) continue;
                try
                {
                    foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                    {
                        if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)) return candidate;
                    }
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        catch (IOException) { }
        return null;
    }
}
