using RestoreMutator.Transforms.Configuration;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Configuration;

/// <summary><c>profiles</c> (SPEC X1): the overlay of each profile over the base, and its validation at load.</summary>
public class ProfilesSettingsTests
{
    private const string Base = """
        namespaceMapping: {shop-old: shop}
        registry:
          destination: image-registry.openshift-image-registry.svc:5000
          rewrites:
            - {from: quay.io/acme, to: mirror.example.com/acme}
            - {from: docker.io, to: mirror.example.com/dockerhub}
        routes:
          generatedHosts: rewrite
          domainRewrites: [{from: apps.old.example.com, to: apps.new.example.com}]
        pods: {skipManaged: true, skipBuildPods: true}
        storageClasses: {gp2: gp3-csi, standard: standard-csi}
        nodes: {mapping: {worker-old-1: worker-new-1}}

        """;

    [Fact]
    public void Load_NoProfiles_HasNone()
    {
        Load(Base).Profiles.ShouldBeEmpty();
        Load("profiles: {}\n").Profiles.ShouldBeEmpty();
        Load("profiles:\n").Profiles.ShouldBeEmpty();
    }

    [Fact]
    public void Load_Profiles_KeepFileOrderNamesAndGlobs()
    {
        var settings = Load(Base + """
            profiles:
              west: {restores: ["dr-west-*", "dr-?"]}
              east: {restores: ["dr-east-*"]}
              standby: {}
            """);

        settings.Profiles.Select(p => p.Name).ShouldBe(["west", "east", "standby"]);
        settings.Profiles[0].Restores.ShouldBe(["dr-west-*", "dr-?"]);
        settings.Profiles[2].Restores.ShouldBeEmpty();
        settings.Profiles[0].MatchesRestore("dr-west-20261201").ShouldBeTrue();
        settings.Profiles[0].MatchesRestore("dr-1").ShouldBeTrue();
        settings.Profiles[0].MatchesRestore("dr-east-1").ShouldBeFalse();
        settings.Profiles[2].MatchesRestore("anything").ShouldBeFalse();
    }

    [Fact]
    public void Load_ProfileWithoutSections_IsTheBaseConfiguration()
    {
        var settings = Load(Base + "profiles: {standby: {restores: [standby-*]}}\n");

        var effective = settings.Profiles.ShouldHaveSingleItem().Settings;
        // A profile by itself changes nothing.
        effective.ShouldBeEquivalentTo(settings with { Profiles = effective.Profiles });
    }

    [Fact]
    public void Load_ProfileMaps_MergeKeyByKeyWithTheProfileWinning()
    {
        var effective = Profile(Base + """
            profiles:
              east:
                storageClasses: {gp2: east-ssd, local: east-local}
                namespaceMapping: {billing-old: billing}
                nodes: {mapping: {worker-old-2: east-worker-2}}
            """);

        effective.StorageClasses.ShouldBe(new Dictionary<string, string> { ["gp2"] = "east-ssd", ["standard"] = "standard-csi", ["local"] = "east-local" }, ignoreOrder: true);
        effective.NamespaceMapping.ShouldBe(new Dictionary<string, string> { ["shop-old"] = "shop", ["billing-old"] = "billing" }, ignoreOrder: true);
        effective.Nodes.Mapping.ShouldBe(new Dictionary<string, string> { ["worker-old-1"] = "worker-new-1", ["worker-old-2"] = "east-worker-2" }, ignoreOrder: true);
    }

    [Fact]
    public void Load_ProfileScalars_Win()
    {
        var effective = Profile(Base + """
            profiles:
              staging:
                skipResponse: deny
                registry: {destination: registry.staging.example.com:5000}
                routes: {generatedHosts: keep}
                pods: {skipManaged: false}
                builds: {skip: false}
                namespaceRefs: {serviceDns: true}
            """);

        effective.SkipResponse.ShouldBe(SkipResponse.Deny);
        effective.Registry.Destination.ShouldBe("registry.staging.example.com:5000");
        effective.Routes.GeneratedHosts.ShouldBe(GeneratedHostMode.Keep);
        effective.Pods.SkipManaged.ShouldBeFalse();
        effective.Pods.SkipBuildPods.ShouldBeTrue("keys the profile leaves out keep the base's value");
        effective.Builds.Skip.ShouldBeFalse();
        effective.NamespaceRefs.ServiceDns.ShouldBeTrue();
        effective.Registry.Rewrites.Count.ShouldBe(2, "the base's list stays when the profile has none");
    }

    [Fact]
    public void Load_ProfileLists_TakeTheProfilesEntriesFirstAndTheFirstOfAnEqualFrom()
    {
        var effective = Profile(Base + """
            profiles:
              east:
                registry:
                  rewrites:
                    - {from: quay.io/acme, to: mirror-east.example.com/acme}
                    - {from: ghcr.io/acme, to: mirror-east.example.com/ghcr}
                routes:
                  domainRewrites: [{from: apps.dc1.example.com, to: apps.east.example.com}]
            """);

        effective.Registry.Rewrites.ShouldBe([
            new PrefixRewrite("quay.io/acme", "mirror-east.example.com/acme"),
            new PrefixRewrite("ghcr.io/acme", "mirror-east.example.com/ghcr"),
            new PrefixRewrite("docker.io", "mirror.example.com/dockerhub"),
        ]);
        effective.Routes.DomainRewrites.ShouldBe([
            new PrefixRewrite("apps.dc1.example.com", "apps.east.example.com"),
            new PrefixRewrite("apps.old.example.com", "apps.new.example.com"),
        ]);
        effective.Routes.GeneratedHosts.ShouldBe(GeneratedHostMode.Rewrite);
    }

    [Fact]
    public void Load_ProfileExplicitNull_ResetsToTheDefault()
    {
        var effective = Profile(Base + "profiles: {east: {registry: {destination: null}, routes: {generatedHosts: ~}}}\n");

        effective.Registry.Destination.ShouldBeEmpty();
        effective.Routes.GeneratedHosts.ShouldBe(GeneratedHostMode.Remove);
    }

    [Fact]
    public void Load_ProfileUsingAnAliasOfTheBase_IsRead()
    {
        var effective = Profile("storageClasses: &classes {gp2: gp3-csi}\nprofiles: {east: {storageClasses: *classes, skipResponse: deny}}\n");

        effective.StorageClasses["gp2"].ShouldBe("gp3-csi");
        effective.SkipResponse.ShouldBe(SkipResponse.Deny);
    }

    [Fact]
    public void Load_BaseSettings_AreNotChangedByProfiles()
    {
        var settings = Load(Base + "profiles: {east: {storageClasses: {gp2: east-ssd}, registry: {rewrites: [{from: quay.io/acme, to: m.example.com/acme}]}}}\n");

        settings.StorageClasses["gp2"].ShouldBe("gp3-csi");
        settings.Registry.Rewrites[0].To.ShouldBe("mirror.example.com/acme");
        settings.Profiles[0].Settings.Profiles.ShouldBeEmpty("profiles never stack");
    }

    [Theory]
    [InlineData("profiles: [east]", "profiles (line 1): must be a mapping of profile names to overlays")]
    [InlineData("profiles: {East: {}}", "profiles.East (line 1): a profile name must be a DNS label")]
    [InlineData("profiles: {'a,b': {}}", "profiles.a,b (line 1): a profile name must be a DNS label")]
    [InlineData("profiles: {east: [dr-*]}", "profiles.east (line 1): must be a mapping (restores and the sections to change)")]
    [InlineData("profiles: {east: {restores: dr-*}}", "profiles.east.restores (line 1): must be a list of strings")]
    [InlineData("profiles: {east: {restores: ['dr east']}}", "profiles.east.restores: 'dr east' is not a glob of restore names")]
    [InlineData("profiles: {east: {restores: ['[a-z]*']}}", "profiles.east.restores: '[a-z]*' is not a glob of restore names")]
    [InlineData("profiles: {east: {restores: ['']}}", "profiles.east.restores: '' is not a glob of restore names")]
    [InlineData("profiles: {east: {restoreLabels: [x]}}", "profiles.east.restoreLabels (line 1): unknown key (known keys here: builds, namespaceMapping, namespaceRefs, nodes, pods, registry, restores, routes, rules, skipResponse, storageClasses)")]
    [InlineData("profiles: {east: {profiles: {}}}", "profiles.east.profiles (line 1): unknown key")]
    [InlineData("profiles: {east: {skipResponse: maybe}}", "profiles.east: skipResponse (line 1): must be one of warn, deny, got 'maybe'")]
    [InlineData("profiles: {east: {storageClasses: {gp2: 'GP 3'}}}", "profiles.east: storageClasses.gp2: storage class names must be DNS subdomains")]
    [InlineData("profiles: {east: {registry: {destinaton: x.example.com}}}", "profiles.east: registry.destinaton (line 1): unknown key")]
    [InlineData("profiles: {east: {registry: quay.io}}", "profiles.east: registry (line 1): must be a mapping")]
    [InlineData("profiles: {east: {namespaceMapping: {a: B}}}", "profiles.east: namespaceMapping.a: 'B' is not a valid namespace name")]
    public void Load_InvalidProfile_IsReported(string yaml, string expected)
    {
        var result = SettingsLoader.Load(yaml);

        result.Succeeded.ShouldBeFalse();
        result.Settings.ShouldBeNull();
        result.Errors.ShouldContain(error => error.Contains(expected, StringComparison.Ordinal), string.Join("\n", result.Errors));
    }

    [Fact]
    public void Load_ProfileRewritesThatLoopWithTheBase_AreRefusedUnderTheProfile()
    {
        // Each list is valid alone; together they send quay.io/acme back and forth, which R2's load check refuses.
        var result = SettingsLoader.Load(Base + "profiles: {east: {registry: {rewrites: [{from: mirror.example.com/acme, to: quay.io/acme}]}}}\n");

        result.Succeeded.ShouldBeFalse();
        result.Errors.Count.ShouldBe(2);
        result.Errors.ShouldAllBe(error => error.StartsWith("profiles.east: registry.rewrites[", StringComparison.Ordinal) && error.Contains("a second pass would rewrite its results again", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ProfileRewriteListedTwiceInTheProfile_IsAnError()
    {
        var result = SettingsLoader.Load("profiles: {east: {routes: {domainRewrites: [{from: a.example.com, to: b.example.com}, {from: a.example.com, to: c.example.com}]}}}\n");

        result.Errors.ShouldHaveSingleItem().ShouldBe("profiles.east: routes.domainRewrites[1].from: 'a.example.com' is listed more than once");
    }

    [Fact]
    public void Load_BaseError_IsReportedOnceNotForEveryProfile()
    {
        var result = SettingsLoader.Load("storageClasses: {gp2: 'GP 3'}\nprofiles: {east: {skipResponse: deny}, west: {pods: {skipManaged: false}}}\n");

        result.Errors.ShouldBe(["storageClasses.gp2: storage class names must be DNS subdomains"]);
    }

    [Fact]
    public void Load_SeveralProfileProblems_ListsEveryOne()
    {
        var result = SettingsLoader.Load("""
            skipResponse: sometimes
            profiles:
              east:
                restores: ['dr east']
                colour: blue
                storageClasses: {gp2: 'GP 3'}
              West: {}
              west:
                routes: {generatedHosts: delete}
            """);

        result.Errors.ShouldBe([
            "skipResponse (line 1): must be one of warn, deny, got 'sometimes'",
            "profiles.east.restores: 'dr east' is not a glob of restore names (letters, digits, '-', '_', '.', '*' and '?')",
            "profiles.east.colour (line 5): unknown key (known keys here: builds, namespaceMapping, namespaceRefs, nodes, pods, registry, restores, routes, rules, skipResponse, storageClasses)",
            "profiles.east: storageClasses.gp2: storage class names must be DNS subdomains",
            "profiles.West (line 7): a profile name must be a DNS label (lower-case letters, digits and '-', at most 63 characters)",
            "profiles.west: routes.generatedHosts (line 9): must be one of remove, rewrite, keep, got 'delete'",
        ]);
    }

    [Fact]
    public void Load_ProfileRules_ComeFirstThenTheBaseRules()
    {
        // X1: lists take the profile's entries first, then the base's; a base rule of the same name is dropped.
        var result = SettingsLoader.Load("""
            rules:
              - {name: standby, match: {kinds: [apps/Deployment]}, patch: [{op: replace, path: /spec/replicas, value: 1}]}
              - {name: suspend, match: {kinds: [batch/CronJob]}, mergePatch: {spec: {suspend: true}}}
            profiles:
              staging:
                rules:
                  - {name: standby, match: {kinds: [apps/Deployment]}, patch: [{op: replace, path: /spec/replicas, value: 0}]}
                  - {name: label, match: {kinds: [apps/Deployment]}, mergePatch: {metadata: {labels: {env: staging}}}}
            """);

        result.Errors.ShouldBeEmpty();
        result.Settings!.Rules.Select(rule => rule.Name).ShouldBe(["standby", "suspend"]);
        result.Settings.Profiles.ShouldHaveSingleItem().Settings.Rules.Select(rule => rule.Name).ShouldBe(["standby", "label", "suspend"]);
    }

    [Fact]
    public void Load_BaseModifierFiles_AreReadForEveryProfileToo()
    {
        // A profile's effective configuration holds the base's resourceModifiers (U5): their files are
        // read with the same reader, so a profile neither fails on them nor loses their rules.
        ConfigFileReader files = (string path, out string text, out string error) =>
        {
            error = path == "standby.yaml" ? string.Empty : $"no such file ({path})";
            text = error.Length == 0 ? "version: v1\nresourceModifierRules:\n  - conditions: {groupResource: deployments.apps}\n    mergePatches: [{patchData: '{\"spec\": {\"replicas\": 0}}'}]\n" : string.Empty;
            return error.Length == 0;
        };

        var result = SettingsLoader.Load("resourceModifiers: [standby.yaml]\nprofiles: {staging: {restores: [stage-*]}}\n", readFile: files);

        result.Errors.ShouldBeEmpty();
        result.Settings!.Rules.Select(rule => rule.Name).ShouldBe(["modifier-standby-0"]);
        result.Settings.Profiles.ShouldHaveSingleItem().Settings.Rules.Select(rule => rule.Name).ShouldBe(["modifier-standby-0"]);
    }

    [Fact]
    public void Load_InvalidProfileRule_IsListedUnderTheProfile()
    {
        var result = SettingsLoader.Load("profiles: {east: {rules: [{name: Bad_Name, skip: true}]}}\n");

        result.Errors.ShouldNotBeEmpty();
        result.Errors.ShouldAllBe(error => error.StartsWith("profiles.east", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DeeplyNestedProfileSection_IsAnErrorNotACrash()
    {
        var nested = string.Concat(Enumerable.Repeat("{a: ", 200)) + "1" + new string('}', 200);
        var result = SettingsLoader.Load($"registry: {nested}\nprofiles: {{east: {{registry: {nested}}}}}\n");

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldContain("registry.a (line 1): unknown key (known keys here: destination, rewrites)");
    }

    private static MutationSettings Load(string yaml)
    {
        var result = SettingsLoader.Load(yaml);
        result.Errors.ShouldBeEmpty();
        return result.Settings!;
    }

    private static MutationSettings Profile(string yaml) => Load(yaml).Profiles.ShouldHaveSingleItem().Settings;
}
