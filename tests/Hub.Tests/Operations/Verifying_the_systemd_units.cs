namespace EarTagTrace.Hub.Tests.Operations;

/// <summary>
/// The production units in ops/systemd, as systemd reads them: `systemd-analyze verify` on the template instantiated
/// for a port, and on the migration unit. verify wants ExecStart's binary to exist, and the published hub is not part
/// of a test run, so the units are checked as copies whose /opt/eartag points at a folder holding a stand-in
/// executable; everything else is the file as shipped. verify exits 0 even on an unknown key or a bad value (it says
/// "ignoring"), so any line it prints about the units fails the test.
/// </summary>
public sealed class Verifying_the_systemd_units
{
    [SkippableFact]
    public async Task Should_verify_the_hub_template_and_the_migration_unit_without_a_warning()
    {
        var analyze = Repo.Tool("systemd-analyze");
        Skip.If(analyze is null, "systemd-analyze (Debian's systemd package) is not installed");
        var dir = Directory.CreateTempSubdirectory("eartag-units-").FullName;
        try
        {
            var prefix = Path.Combine(dir, "opt", "eartag");
            Directory.CreateDirectory(Path.Combine(prefix, "hub"));
            var standIn = Path.Combine(prefix, "hub", "EarTagTrace.Hub");
            await File.WriteAllTextAsync(standIn, "#!/bin/sh\n");
            Assert.Equal(0, (await Repo.RunAsync("chmod", ["755", standIn])).Code);
            var units = new Dictionary<string, string>
            {
                ["eartag-hub@.service"] = "eartag-hub@5080.service",
                ["eartag-hub-migrate.service"] = "eartag-hub-migrate.service",
            };
            var paths = new List<string>();
            foreach (var (shipped, checkedAs) in units)
            {
                var text = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "ops", "systemd", shipped));
                Assert.Contains("/opt/eartag/hub/EarTagTrace.Hub", text);
                var path = Path.Combine(dir, checkedAs);
                await File.WriteAllTextAsync(path, text.Replace("/opt/eartag", prefix));
                paths.Add(path);
            }
            var (code, output) = await Repo.RunAsync(analyze!, ["verify", .. paths]);
            Assert.True(code == 0, output);
            var aboutUs = output.Split('\n').Where(l => units.Values.Any(l.Contains)).ToList();
            Assert.True(aboutUs.Count == 0, string.Join("\n", aboutUs));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Should_install_no_simulator_and_name_every_unit_setting_file()
    {
        var units = Directory.GetFiles(Path.Combine(Repo.Root, "ops", "systemd"), "*.service");
        Assert.NotEmpty(units);
        foreach (var unit in units)
        {
            var text = File.ReadAllText(unit);
            Assert.DoesNotContain("Simulator", text);
            Assert.Contains("EnvironmentFile=/etc/eartag/hub.env", text);
        }
        Assert.True(File.Exists(Path.Combine(Repo.Root, "ops", "systemd", "hub.env.sample")));
    }
}
