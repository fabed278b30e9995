using System.Text.Json.Nodes;
using RestoreMutator.Cli.Preview;
using RestoreMutator.Cli.Preview.Inputs;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

public class YamlRendererTests
{
    /// <summary>YAML 1.1 readers (kubectl's go-yaml) take y/n/yes/no/on/off as booleans, so those strings are quoted too.</summary>
    [Fact]
    public void Render_KubernetesObject_UsesKubectlLayout()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","annotations":{"a":"true","b":"8080","c":"yes","d":"","e":" padded"},"labels":{}},
             "spec":{"containers":[{"name":"c","ports":[{"containerPort":80}],"args":[]}],"enabled":true,"n":null,"ratio":1.5}}
            """)!;

        YamlRenderer.Render(obj).ShouldBe("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                a: "true"
                b: "8080"
                c: "yes"
                d: ""
                e: " padded"
              labels: {}
            spec:
              containers:
              - name: c
                ports:
                - containerPort: 80
                args: []
              enabled: true
              "n": null
              ratio: 1.5

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"s":"line1\nline2\n","t":"a: b","u":"- x","v":"#c","w":"null","x":"1e3","y":"~","z":"{}"}""")]
    [InlineData("""{"deep":{"list":[[1,2],{"k":[{"a":"true"}]}],"unicode":"café ✓","quote":"say \"hi\""}}""")]
    [InlineData("""{"script":"#!/bin/sh\n  indented\nlast line no newline"}""")]
    [InlineData("""{"keep":"a\n\n","items":["x\ny\n",["p",{"q":"-1"}],{"r":[]}],"empty":"\n","ws":"a\n  \nb","cr":"a\r\nb"}""")]
    [InlineData("""{"-k":"-v","k:":"v: w","#c":"a #b","tab":"a\tb","amp":"&x","star":"*y","q'":"it's","dash":"-","colon":":","pct":"%x","bs":"back\\slash","ctl":"\u0001"}""")]
    [InlineData("""{"nums":[0,-1,1.5,1e300,12345678901234567890],"strs":["0","-1","1.5","0x1F","0o7",".5","+1",".inf",".NaN","~","Null","FALSE","Off","Y","1_000","2026-11-20"]}""")]
    public void Render_ThenRead_RoundTripsExactly(string json)
    {
        var original = JsonNode.Parse(json)!;

        var yaml = YamlRenderer.Render(original);
        var reader = new YamlDocumentReader(new StringReader(yaml));
        reader.TryRead(out var back, out _).ShouldBeTrue();

        JsonNode.DeepEquals(back, original).ShouldBeTrue(yaml);
    }
}
