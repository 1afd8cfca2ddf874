using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Xunit.Abstractions;

namespace EarTagTrace.Hub.Tests.Operations;

/// <summary>
/// Fault test, short form (part of ./eartag test): `./eartag up --instances 3 --monitor` run as the README says, with
/// the farm registry pushing to all three hubs. One hub is killed with SIGKILL. Proves that the launcher restarts it
/// under the same instance id while the two others keep answering every push with code 0 and are never stopped, and
/// that every farm answered code 0 (and every push the dead hub left unanswered, resent by the partner) reaches the
/// national platform under exactly one request id. The second test reads the same hubs through the real Prometheus.
/// </summary>
[Trait("Category", "Fault")]
public sealed class Running_three_hubs_under_the_launcher(LauncherStack stack, ITestOutputHelper output) : IClassFixture<LauncherStack>
{
    private const int BatchSize = 10;

    [SkippableFact]
    public async Task Should_restart_a_killed_hub_under_its_id_while_the_others_keep_answering()
    {
        Skip.If(stack.Unavailable is not null, stack.Unavailable);
        const string victim = "hub-2";
        var victimUrl = stack.HubUrls[1];
        var oldPid = stack.Pid(victim);

        var accepted = new ConcurrentBag<string>();
        var unanswered = new ConcurrentBag<List<string>>();
        var survivorFailures = new ConcurrentBag<string>();
        var answeredWhileDown = new int[LauncherStack.Instances];
        var victimDown = 0;
        var next = 0;
        using var stop = new CancellationTokenSource();
        var senders = stack.HubUrls.Select((url, i) => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            while (!stop.IsCancellationRequested)
            {
                var codes = Enumerable.Range(0, BatchSize).Select(_ => $"FR220122{800_000 + Interlocked.Increment(ref next):D6}").ToList();
                string? failure = null;
                try
                {
                    var (response, body) = await RegistryPush.PushAsync(http, codes.Select(c => RegistryPush.Farm(c)));
                    if (response.IsSuccessStatusCode && (int?)body["code"] == 0)
                    {
                        foreach (var c in codes) accepted.Add(c);
                        if (Volatile.Read(ref victimDown) == 1) Interlocked.Increment(ref answeredWhileDown[i]);
                    }
                    else failure = $"{(int)response.StatusCode} {body.ToJsonString()}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failure = e.GetType().Name + ": " + e.Message;
                }
                if (failure is not null)
                {
                    // The partner keeps what got no answer and sends it again later; only the killed hub may fail.
                    if (i == 1) unanswered.Add(codes);
                    else survivorFailures.Add($"{url}: {failure}");
                }
                await Task.Delay(i == 1 && failure is not null ? 500 : 100);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var process = Process.GetProcessById(oldPid))
        {
            Volatile.Write(ref victimDown, 1);
            process.Kill(); // SIGKILL: no shutdown hook, no sign-off
        }
        output.WriteLine($"killed {victim} (pid {oldPid}) at {DateTime.UtcNow:O}");

        var back = await Eventually.WaitAsync(async () =>
        {
            if (!stack.Output.Contains($"{victim} is back")) return false;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            try { return (await http.GetAsync(victimUrl + "/health/ready")).IsSuccessStatusCode; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }, ok => ok, $"{victim} restarted by the launcher:\n{stack.Output}", timeoutSeconds: 300);
        Volatile.Write(ref victimDown, 0);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the restarted hub takes pushes again alongside the others
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        output.WriteLine(string.Join("\n", stack.Output.Split('\n').Where(l => l.Contains(victim))));
        Assert.True(survivorFailures.IsEmpty, $"{survivorFailures.Count} push(es) to the survivors failed, e.g. {survivorFailures.FirstOrDefault()}");
        Assert.True(answeredWhileDown[0] > 0 && answeredWhileDown[2] > 0,
            $"the survivors answered {answeredWhileDown[0]} and {answeredWhileDown[2]} pushes while {victim} was down");
        Assert.Contains($"{victim} (pid {oldPid}) was killed by signal 9 (SIGKILL); restarting it", stack.Output);
        Assert.NotEqual(oldPid, stack.Pid(victim));
        Assert.True(stack.LauncherRunning, "the launcher stopped:\n" + stack.Output);
        // The survivors were never restarted: one start line each.
        Assert.DoesNotContain("restarted hub ", stack.Output);
        Assert.DoesNotContain("restarted hub-3 ", stack.Output);

        // Same instance id: the hubs' instance table still names three hubs, and the restarted one is beating again.
        await using (var conn = new NpgsqlConnection(stack.ConnectionString))
        {
            await conn.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM hub_instance", conn);
            Assert.Equal(LauncherStack.Instances, Convert.ToInt32(await count.ExecuteScalarAsync()));
        }

        // The partner resends what the dead hub never answered; the restarted hub takes it like the others.
        using (var http = new HttpClient { BaseAddress = new Uri(victimUrl), Timeout = TimeSpan.FromSeconds(30) })
        {
            foreach (var codes in unanswered)
            {
                var (response, body) = await RegistryPush.PushAsync(http, codes.Select(c => RegistryPush.Farm(c)));
                Assert.True(response.IsSuccessStatusCode && (int?)body["code"] == 0, $"resend: {(int)response.StatusCode} {body.ToJsonString()}");
                foreach (var c in codes) accepted.Add(c);
            }
        }
        output.WriteLine($"{accepted.Distinct().Count()} farms accepted, {unanswered.Count} push(es) resent after the restart");

        // Every accepted farm reached the national platform, each under exactly one request id.
        var expected = accepted.ToHashSet();
        var attempts = await Eventually.WaitAsync(() => AttemptsAsync(stack.NationalUrl),
            a => expected.IsSubsetOf(a.Keys), "every accepted farm at the national platform", timeoutSeconds: 300);
        var twice = expected.Where(c => attempts[c].Distinct().Count() != 1).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} farm(s) travelled under more than one request id, e.g. {string.Join(", ", twice.Take(5))}");
        Assert.True(back);
    }

    [SkippableFact]
    public async Task Should_restart_every_hub_in_turn_without_a_5xx_or_a_farm_delivered_twice()
    {
        Skip.If(stack.Unavailable is not null, stack.Unavailable);
        var oldPids = Enumerable.Range(1, LauncherStack.Instances).Select(n => stack.Pid(n == 1 ? "hub" : $"hub-{n}")).ToList();
        var accepted = new ConcurrentBag<string>();
        var unanswered = new ConcurrentBag<List<string>>();
        var serverErrors = new ConcurrentBag<string>();
        var drainAnswers = 0;
        var next = 0;
        using var stop = new CancellationTokenSource();
        var senders = stack.HubUrls.Select(url => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            while (!stop.IsCancellationRequested)
            {
                var codes = Enumerable.Range(0, BatchSize).Select(_ => $"FR220122{700_000 + Interlocked.Increment(ref next):D6}").ToList();
                var ok = false;
                try
                {
                    var (response, body) = await RegistryPush.PushAsync(http, codes.Select(c => RegistryPush.Farm(c)));
                    ok = response.IsSuccessStatusCode && (int?)body["code"] == 0;
                    if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                        Interlocked.Increment(ref drainAnswers); // allowed while a hub drains, and counted
                    else if ((int)response.StatusCode >= 500) serverErrors.Add($"{url}: {(int)response.StatusCode} {body.ToJsonString()}");
                    else if (!ok) serverErrors.Add($"{url}: refused {(int)response.StatusCode} {body.ToJsonString()}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
                if (ok) foreach (var c in codes) accepted.Add(c);
                else unanswered.Add(codes);
                await Task.Delay(ok ? 100 : 500);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var (code, said) = await Repo.RunAsync("bash", [Path.Combine(Repo.Root, "eartag"), "restart", "--rolling"], stack.Environment,
            TimeSpan.FromMinutes(20));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        output.WriteLine(said.Trim());
        output.WriteLine(string.Join("\n", stack.Output.Split('\n').Where(l => l.Contains("rolling restart"))));
        Assert.True(code == 0, said + "\n" + stack.Output);
        Assert.True(serverErrors.IsEmpty, $"{serverErrors.Count} answer(s) that were neither code 0 nor 503 with Retry-After, e.g. {serverErrors.FirstOrDefault()}");
        var newPids = Enumerable.Range(1, LauncherStack.Instances).Select(n => stack.Pid(n == 1 ? "hub" : $"hub-{n}")).ToList();
        Assert.All(oldPids.Zip(newPids), p => Assert.NotEqual(p.First, p.Second));

        // What got no answer (the port of the hub being restarted refuses connections) the partner sends again.
        using (var http = new HttpClient { BaseAddress = new Uri(stack.HubUrls[0]), Timeout = TimeSpan.FromSeconds(30) })
        {
            foreach (var codes in unanswered)
            {
                var (response, body) = await RegistryPush.PushAsync(http, codes.Select(c => RegistryPush.Farm(c)));
                Assert.True(response.IsSuccessStatusCode && (int?)body["code"] == 0, $"resend: {(int)response.StatusCode} {body.ToJsonString()}");
                foreach (var c in codes) accepted.Add(c);
            }
        }
        output.WriteLine($"{accepted.Distinct().Count()} farms accepted; {unanswered.Count} push(es) unanswered during the restart and resent; {drainAnswers} answered 503 with Retry-After");
        var expected = accepted.ToHashSet();
        var attempts = await Eventually.WaitAsync(() => AttemptsAsync(stack.NationalUrl),
            a => expected.IsSubsetOf(a.Keys), "every accepted farm at the national platform", timeoutSeconds: 300);
        var twice = expected.Where(c => attempts[c].Distinct().Count() != 1).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} farm(s) travelled under more than one request id, e.g. {string.Join(", ", twice.Take(5))}");
        await using var conn = new NpgsqlConnection(stack.ConnectionString);
        await conn.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM farm WHERE code = ANY(@codes)", conn);
        count.Parameters.AddWithValue("codes", expected.ToArray());
        Assert.Equal(expected.Count, Convert.ToInt32(await count.ExecuteScalarAsync()));
    }

    [SkippableFact]
    public async Task Should_let_prometheus_answer_promql_on_received_and_delivered_counters_and_queue_age()
    {
        Skip.If(stack.Unavailable is not null, stack.Unavailable);
        Skip.IfNot(stack.Monitored, "Debian's prometheus is not installed, so ./eartag up --monitor cannot start it");
        using var national = new HttpClient { BaseAddress = new Uri(stack.NationalUrl) };
        using var hub = new HttpClient { BaseAddress = new Uri(stack.HubUrls[0]) };
        var instance = new Uri(stack.HubUrls[0]).Authority;

        // The national platform answers 503 for now, so the farms wait in the outbox and the queue has an age.
        (await national.PostAsJsonAsync("/__sim/faults", new { rate503 = 1.0 })).EnsureSuccessStatusCode();
        var codes = Enumerable.Range(1, BatchSize).Select(n => $"FR220122{900_000 + n:D6}").ToList();
        var (response, body) = await RegistryPush.PushAsync(hub, codes.Select(c => RegistryPush.Farm(c)));
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());

        await Eventually.WaitAsync(() => QueryAsync($"count(up{{job=\"eartag-hub\"}} == 1)"), v => v == LauncherStack.Instances,
            "Prometheus scraping every hub", timeoutSeconds: 180);
        await Eventually.WaitAsync(() => QueryAsync($"sum(eartag_messages_received_total{{source=\"farm-registry\",instance=\"{instance}\"}})"),
            v => v >= 1, "the received counter of the hub pushed to", timeoutSeconds: 120);
        var age = await Eventually.WaitAsync(() => QueryAsync("max(eartag_outbox_oldest_age_seconds{destination=\"national-cloud/farms\"})"),
            v => v > 0, "the national farms queue's age", timeoutSeconds: 120);
        output.WriteLine($"queue age seen by Prometheus: {age} s");

        (await national.PostAsJsonAsync("/__sim/faults", new { })).EnsureSuccessStatusCode();
        await Eventually.WaitAsync(() => AttemptsAsync(stack.NationalUrl), a => codes.All(a.ContainsKey), "the farms delivered", timeoutSeconds: 300);
        var delivered = await Eventually.WaitAsync(() => QueryAsync("sum(eartag_deliveries_delivered_total{destination=\"national-cloud/farms\"})"),
            v => v >= codes.Count, "the delivered counter", timeoutSeconds: 120);
        output.WriteLine($"delivered counter (all hubs): {delivered}");

        // Every dashboard query is one Prometheus evaluates without error over these series.
        foreach (var expr in Checking_the_monitoring_rules.DashboardQueries())
        {
            using var http = new HttpClient();
            var answer = await http.GetFromJsonAsync<JsonObject>($"{stack.PrometheusUrl}/api/v1/query?query={Uri.EscapeDataString(Checking_the_monitoring_rules.WithoutGrafanaMacros(expr))}");
            Assert.True((string?)answer?["status"] == "success", $"{expr}: {answer}");
        }
        // The alert rules are loaded, each healthy.
        using (var http = new HttpClient())
        {
            var rules = await http.GetFromJsonAsync<JsonObject>($"{stack.PrometheusUrl}/api/v1/rules");
            var loaded = rules!["data"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray())
                .Select(r => ((string)r!["name"]!, (string?)r["health"])).ToList();
            Assert.Equal(Checking_the_monitoring_rules.AlertNames().Order(), loaded.Select(r => r.Item1).Order());
            Assert.All(loaded, r => Assert.NotEqual("err", r.Item2));
        }
    }

    private async Task<double> QueryAsync(string promql)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var answer = await http.GetFromJsonAsync<JsonObject>($"{stack.PrometheusUrl}/api/v1/query?query={Uri.EscapeDataString(promql)}");
        var result = answer?["data"]?["result"]?.AsArray();
        return result is { Count: > 0 } ? double.Parse((string)result[0]!["value"]![1]!, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
    }

    private static async Task<Dictionary<string, List<string>>> AttemptsAsync(string nationalUrl)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var items = await http.GetFromJsonAsync<JsonArray>($"{nationalUrl}/__sim/attempts?type=farms") ?? [];
        return items.GroupBy(i => (string)i!["key"]!)
            .ToDictionary(g => g.Key, g => g.SelectMany(i => i!["requestIds"]!.AsArray().Select(r => (string)r!)).ToList());
    }
}
