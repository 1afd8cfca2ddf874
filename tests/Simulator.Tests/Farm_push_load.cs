using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using EarTagTrace.Simulator.Load;
using EarTagTrace.Simulator.Registry;

namespace EarTagTrace.Simulator.Tests;

public sealed class Farm_push_load
{
    [Fact]
    public async Task Should_push_signed_batches_and_count_what_the_hub_refused()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var rowsSeen = 0;
        var badSignatures = 0;
        // A stand-in hub: checks every signature with the documented scheme and refuses batches holding FR-less codes.
        var hub = Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                var context = await listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var refusal = PartnerSignature.Verify("fr-sandbox", "fr-sandbox-secret", DateTimeOffset.UtcNow,
                    context.Request.Headers["appKey"], context.Request.Headers["timestamp"], context.Request.Headers["sign"],
                    context.Request.HttpMethod, context.Request.RawUrl!, body);
                var rows = JsonNode.Parse(body)!["rows"]!.AsArray();
                Interlocked.Add(ref rowsSeen, rows.Count);
                if (refusal is not null)
                    Interlocked.Increment(ref badSignatures);
                var refuse = rows.Any(r => r!["yzcbm"]!.GetValue<string>() == "BROKEN");
                context.Response.StatusCode = refuse ? 400 : 200;
                var answer = Encoding.UTF8.GetBytes(refuse ? """{"code":4001,"msg":"refused"}""" : """{"code":0,"msg":"ok","hubId":"1"}""");
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        });

        var records = FarmDatasetGenerator.Create(1000, 2, DateTimeOffset.UtcNow).ToList();
        records[999]["yzcbm"] = "BROKEN";
        var stats = await FarmPushLoadGenerator.RunAsync(new Uri($"http://127.0.0.1:{port}"), records, 200, 2,
            "fr-sandbox", "fr-sandbox-secret", CancellationToken.None);
        await hub;

        Assert.Equal(0, badSignatures);
        Assert.Equal(1000, rowsSeen);
        Assert.Equal(4, stats.AcceptedBatches);
        Assert.Equal(1, stats.RefusedBatches);
        Assert.Equal(0, stats.FailedBatches);
        Assert.Equal(1000, stats.Records);
        Assert.Equal(800, stats.AcceptedRecords);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
