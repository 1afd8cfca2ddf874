using System.Net;
using System.Net.Http.Json;
using EarTagTrace.Hub.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EarTagTrace.Hub.Tests.Access;

/// <summary>What the OpenAPI fuzz test found on /api/accounts: a new password and a name created twice at once were 500s.</summary>
[Collection(HubCollection.Name)]
public sealed class Managing_staff_accounts(HubFixture hub) : IAsyncLifetime
{
    public Task InitializeAsync() => hub.ResetAsync();

    public async Task DisposeAsync()
    {
        // Staff accounts outlive the per-test reset: gone, so no other test meets them.
        using var scope = hub.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffAccount>>();
        foreach (var name in new[] { "pw-change", "twice-at-once" })
            if (await users.FindByNameAsync(name) is { } account) await users.DeleteAsync(account);
    }

    [Fact]
    public async Task Should_let_an_administrator_set_a_new_password_and_keep_the_old_one_when_the_new_is_refused()
    {
        await hub.CreateAccountAsync("pw-change", "220122", [StaffRoles.Clerk], password: "the-first-password");

        var tooShort = await hub.Client.PatchAsJsonAsync("/api/accounts/pw-change", new { password = "短密码" });
        var changed = await hub.Client.PatchAsJsonAsync("/api/accounts/pw-change", new { password = "二〇二六年十二月的新密码" });

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await hub.LoginAsync("pw-change", "二〇二六年十二月的新密码");
        await Assert.ThrowsAsync<InvalidOperationException>(() => hub.LoginAsync("pw-change", "the-first-password"));
    }

    [Fact]
    public async Task Should_create_an_account_sent_several_times_at_once_exactly_once_and_answer_the_others_409()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => hub.Client.PostAsJsonAsync("/api/accounts",
            new { username = "twice-at-once", password = "a-long-enough-password", roles = new[] { StaffRoles.Clerk }, region = "220122" })));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
    }
}
