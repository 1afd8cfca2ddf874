using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static EarTagTrace.Hub.Tests.Support.DjetPush;

namespace EarTagTrace.Hub.Tests.Api;

/// <summary>A hub on a real port, for a client that runs in a process of its own.</summary>
public sealed class SocketHubFixture : HubFixture
{
    protected override bool RealServer => true;
}

[CollectionDefinition(Name)]
public sealed class SocketHubCollection : ICollectionFixture<SocketHubFixture>
{
    public const string Name = "socket-hub";
}

/// <summary>
/// A partner's first day: generate a C# client from /openapi/v1.json with the repo's pinned Kiota, build it, and drive the
/// hub with it alone: sign in, push a signed 检疫申报 declaration, find it in the journal. The client lives in .data/,
/// out of the solution's build.
/// </summary>
[Collection(SocketHubCollection.Name)]
public sealed class Driving_the_hub_through_a_generated_client(SocketHubFixture hub) : IAsyncLifetime
{
    private const string County = "220122", Township = "220122100", Farm = "FR220122000931";

    public Task InitializeAsync() => hub.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task Should_sign_in_push_a_signed_declaration_and_find_it_in_the_journal()
    {
        var root = Linting_the_api_description.RepoRoot();
        Skip.If(Linting_the_api_description.Which("dotnet") is null, "dotnet is not on PATH");
        // What the declaration needs: the farm, its county switched on, tags issued to it, its QR token.
        var farm = RegistryPush.Farm(Farm, "2026-06-01 10:00:00", 120);
        farm["xzqhdm"] = Township;
        Assert.Equal(HttpStatusCode.OK, (await RegistryPush.PushAsync(hub.Client, [farm])).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PutAsJsonAsync($"/api/rollout/counties/{County}", new { enabled = true, since = "2026-01-01" })).StatusCode);
        foreach (var (path, body) in new[]
        {
            ("tag-stock", Stock(County, ("B1", Pig(1), Pig(1000)))),
            ("tag-issuances", Issue("FF-K1", "1", County, Township, "XZ", (Pig(1), Pig(500)))),
            ("tag-issuances", Issue("FF-K2", "2", Township, Farm, "YZC", (Pig(1), Pig(100)))),
        })
        {
            var (response, answer) = await SendAsync(hub.Client, path, body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToJsonString());
        }
        var qr = (await hub.Client.GetFromJsonAsync<JsonObject>($"/api/farms/{Farm}/qr"))!["token"]!.GetValue<string>();

        var work = Path.Combine(root, ".data", "kiota");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var document = Path.Combine(work, "v1.json");
        await File.WriteAllTextAsync(document, await hub.Client.GetStringAsync("/openapi/v1.json"));

        var (restored, restore) = await Linting_the_api_description.RunAsync("dotnet", root, "tool", "restore");
        Assert.True(restored == 0, restore);
        var (generated, generation) = await Linting_the_api_description.RunAsync("dotnet", root, "kiota", "generate", "-l", "CSharp",
            "-d", document, "-o", Path.Combine(work, "Client"), "-c", "HubClient", "-n", "EarTagTrace.Client",
            "--exclude-backward-compatible", "--log-level", "Warning");
        Assert.True(generated == 0, generation);

        // Its own build settings, so the repo's (warnings as errors, central versions) do not apply to generated code.
        await File.WriteAllTextAsync(Path.Combine(work, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(work, "Directory.Packages.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(work, "Scenario.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><NoWarn>CS1591;CS8618</NoWarn></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Kiota.Abstractions" Version="{{KiotaVersion}}" />
                <PackageReference Include="Microsoft.Kiota.Http.HttpClientLibrary" Version="{{KiotaVersion}}" />
                <PackageReference Include="Microsoft.Kiota.Serialization.Json" Version="{{KiotaVersion}}" />
                <PackageReference Include="Microsoft.Kiota.Serialization.Text" Version="{{KiotaVersion}}" />
                <PackageReference Include="Microsoft.Kiota.Serialization.Form" Version="{{KiotaVersion}}" />
                <PackageReference Include="Microsoft.Kiota.Serialization.Multipart" Version="{{KiotaVersion}}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(work, "Program.cs"), Scenario);
        var (built, build) = await Linting_the_api_description.RunAsync("dotnet", work, "build", "-c", "Release", "-v", "q", "-nologo");
        Assert.True(built == 0, build);

        var (ran, output) = await Linting_the_api_description.RunAsync("dotnet", work, "run", "-c", "Release", "--no-build", "--",
            hub.BaseAddress, HubFixture.TestAccount, HubFixture.TestPassword, "dj-sandbox", "dj-sandbox-secret", "SB-KIOTA-1", Farm, qr,
            string.Join(",", Enumerable.Range(1, 3).Select(i => Pig(i))));
        Assert.True(ran == 0, output);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("signed in: Bearer", lines);
        var hubId = Assert.Single(lines, l => l.StartsWith("declaration: code 0 jg accepted hubId ", StringComparison.Ordinal))["declaration: code 0 jg accepted hubId ".Length..];
        Assert.Contains($"journal: {hubId} accepted", lines);
    }

    // What kiota info recommends for the pinned generator (on the mirror).
    private const string KiotaVersion = "2.1.2";

    // The scenario as a partner would write it, against the generated client only.
    private const string Scenario = """
        using System.Security.Cryptography;
        using System.Text;
        using EarTagTrace.Client;
        using EarTagTrace.Client.Models;
        using Microsoft.Kiota.Abstractions.Authentication;
        using Microsoft.Kiota.Http.HttpClientLibrary;

        var (baseUrl, user, password, appKey, secret, sbdh, farm, qr, tags) = (args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8].Split(','));
        var anonymous = new HubClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider()) { BaseUrl = baseUrl });
        var token = await anonymous.Api.Auth.Login.PostAsync(new LoginRequest { Username = user, Password = password });
        Console.WriteLine($"signed in: {token!.TokenType}");

        var signed = new HttpClient(new Signer(appKey, secret) { InnerHandler = new HttpClientHandler() });
        var partner = new HubClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: signed) { BaseUrl = baseUrl });
        var answer = await partner.Adapters.Djet.Declarations.PostAsync(new DjetDeclaration
        {
            Sbdh = sbdh, Yzcbm = farm, Ewm = qr, Xmdm = DjetSpecies.One, Sl = tags.Length,
            Ddd = new DjetPlace { Xzqhdm = "220102", Dz = "长春市南关区皓月屠宰场" }, Yt = DjetDeclaration_yt.屠宰,
            Ebh = [.. tags], Sbsj = "2026-07-20 08:00:00",
        });
        Console.WriteLine($"declaration: code {answer!.Code} jg {answer.Jg} hubId {answer.HubId}");

        var staff = new HubClient(new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new Token(token.AccessToken!))) { BaseUrl = baseUrl });
        var page = await staff.Api.Journal.GetAsync(r => r.QueryParameters.Key = sbdh);
        foreach (var item in page!.Items!)
            Console.WriteLine($"journal: {item.Id} {item.Status?.ToString()?.ToLowerInvariant()}");

        sealed class Token(string value) : IAccessTokenProvider
        {
            public AllowedHostsValidator AllowedHostsValidator { get; } = new();
            public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? context = null, CancellationToken ct = default) => Task.FromResult(value);
        }

        // The partner signature over the bytes the client sends: appKey + timestamp + METHOD + path-and-query + body.
        sealed class Signer(string appKey, string secret) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
            {
                var bytes = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
                if (request.Content is not null)
                {
                    // The client's content is a stream: sign the bytes, then send those very bytes.
                    var copy = new ByteArrayContent(bytes);
                    foreach (var header in request.Content.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    request.Content = copy;
                }
                var body = Encoding.UTF8.GetString(bytes);
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
                var text = appKey + timestamp + request.Method.Method + request.RequestUri!.PathAndQuery + body;
                var sign = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));
                request.Headers.Add("appKey", appKey);
                request.Headers.Add("timestamp", timestamp);
                request.Headers.Add("sign", sign);
                return await base.SendAsync(request, ct);
            }
        }
        """;
}
