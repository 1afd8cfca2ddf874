using EarTagTrace.Hub.Messaging;

namespace EarTagTrace.Hub.Tests.Messaging;

/// <summary>
/// The relay hands claimed outbox rows to the bus as one command per destination and chunk of a delivery batch's
/// size, ids in claim order, each command of its destination's own type; a row naming no destination gets none.
/// Decided without the database or the bus.
/// </summary>
public sealed class Relaying_claimed_rows_as_bus_commands
{
    private static readonly DestinationDirectory Directory = new(
        [new NationalCloudFarmsDestination(), new DjetFarmSyncDestination(), new FarmRegistryCorrectionsDestination()]);

    [Fact]
    public void Should_send_one_command_per_destination_and_chunk_with_ids_in_claim_order()
    {
        // Claimed out of order, five farms for the national cloud, two for 动监e通, one registry correction.
        (long, string)[] claimed =
        [
            (9, Destinations.NationalCloudFarms), (2, Destinations.DjetFarmSync), (4, Destinations.NationalCloudFarms),
            (1, Destinations.NationalCloudFarms), (7, Destinations.FarmRegistryCorrections), (3, Destinations.NationalCloudFarms),
            (8, Destinations.DjetFarmSync), (5, Destinations.NationalCloudFarms),
        ];

        var commands = OutboxRelay.Commands(claimed, Directory, batchSize: 2).ToList();

        Assert.Equal(
        [
            $"DeliverToNationalPlatform {Destinations.NationalCloudFarms} [1,3]",
            $"DeliverToNationalPlatform {Destinations.NationalCloudFarms} [4,5]",
            $"DeliverToNationalPlatform {Destinations.NationalCloudFarms} [9]",
            $"DeliverToDjet {Destinations.DjetFarmSync} [2,8]",
            $"DeliverToFarmRegistry {Destinations.FarmRegistryCorrections} [7]",
        ], commands.Select(Describe));
    }

    [Fact]
    public void Should_send_every_claimed_row_exactly_once_whatever_the_batch_size()
    {
        var claimed = Enumerable.Range(1, 1_001).Select(i => ((long)i, i % 3 == 0 ? Destinations.DjetFarmSync : Destinations.NationalCloudFarms)).ToList();
        foreach (var size in new[] { 1, 7, 500, 5_000 })
        {
            var commands = OutboxRelay.Commands(claimed, Directory, size).ToList();
            var ids = commands.SelectMany(Ids).ToList();
            Assert.Equal(claimed.Select(c => c.Item1).Order(), ids.Order());
            Assert.All(commands, c => Assert.InRange(Ids(c).Length, 1, size));
            // Within a destination the chunks follow claim order, and a command never mixes destinations.
            foreach (var destination in new[] { Destinations.DjetFarmSync, Destinations.NationalCloudFarms })
            {
                var own = commands.Where(c => DestinationOf(c) == destination).SelectMany(Ids).ToList();
                Assert.Equal(claimed.Where(c => c.Item2 == destination).Select(c => c.Item1), own);
            }
            Assert.Equal(Math.Ceiling(334.0 / size) + Math.Ceiling(667.0 / size), commands.Count);
        }
    }

    [Fact]
    public void Should_give_a_row_of_an_unknown_destination_no_command()
    {
        (long, string)[] claimed = [(1, "nobody/anything"), (2, Destinations.DjetFarmSync)];

        var commands = OutboxRelay.Commands(claimed, Directory, batchSize: 500).ToList();

        var only = Assert.IsType<DeliverToDjet>(Assert.Single(commands));
        Assert.Equal([2L], only.OutboxIds);
    }

    private static long[] Ids(object command) => command switch
    {
        DeliverToNationalPlatform n => n.OutboxIds,
        DeliverToDjet d => d.OutboxIds,
        DeliverToFarmRegistry r => r.OutboxIds,
        _ => throw new InvalidOperationException($"unexpected command {command.GetType().Name}"),
    };

    private static string DestinationOf(object command) => command switch
    {
        DeliverToNationalPlatform n => n.Destination,
        DeliverToDjet d => d.Destination,
        DeliverToFarmRegistry r => r.Destination,
        _ => throw new InvalidOperationException($"unexpected command {command.GetType().Name}"),
    };

    private static string Describe(object command) => $"{command.GetType().Name} {DestinationOf(command)} [{string.Join(",", Ids(command))}]";
}
