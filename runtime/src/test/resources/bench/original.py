"""The calls of the original Python exporter, for the benchmark's fresh-process ratio (not shipped, not a test).

Usage: python3 original.py CONFIG_PARAMETER AT_ISO8601
What the original script does once per run: read its settings from SSM (here: the configuration document in
CONFIG_PARAMETER, java.util.Properties text)
and the API key, read one app client's SignInSuccesses (Sum and SampleCount) for the last period, and post the two
values to Mackerel in two POSTs, with boto3 against AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL_CLOUDWATCH. The original
used two GetMetricStatistics calls; the local CloudWatch fake speaks only GetMetricData and ListMetrics, so here one
GetMetricData call carries the two statistics (same protocol and client start-up, one round trip less).
"""
import datetime
import json
import os
import re
import sys
import urllib.request

import boto3

PERIOD = 300


def unescape(value):
    """A java.util.Properties value's escapes (the document escapes ':', '=', '\\' and the like; no \\u used)."""
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(m.group(1), m.group(1)),
                  value)


def main(path, at):
    region = os.environ["AWS_REGION"]
    ssm = boto3.client("ssm", region_name=region)
    cloudwatch = boto3.client("cloudwatch", region_name=region)
    settings = {}
    for line in ssm.get_parameter(Name=path)["Parameter"]["Value"].splitlines():
        line = line.strip()
        if line and line[0] not in "#!" and "=" in line:
            name, value = line.split("=", 1)
            settings[name.strip()] = unescape(value.strip())
    key = ssm.get_parameter(Name=settings["mackerel-api-key-parameter"], WithDecryption=True)["Parameter"]["Value"]
    client_id = sorted(v for k, v in settings.items() if k.startswith("clients."))[0]

    end = int(datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()) // PERIOD * PERIOD
    metric = {"Namespace": "AWS/Cognito", "MetricName": "SignInSuccesses",
              "Dimensions": [{"Name": "UserPool", "Value": settings["user-pool-id"]},
                             {"Name": "UserPoolClient", "Value": client_id}]}
    answer = cloudwatch.get_metric_data(
        StartTime=datetime.datetime.fromtimestamp(end - PERIOD, datetime.timezone.utc),
        EndTime=datetime.datetime.fromtimestamp(end, datetime.timezone.utc),
        MetricDataQueries=[{"Id": "s", "MetricStat": {"Metric": metric, "Period": PERIOD, "Stat": "Sum"}},
                           {"Id": "n", "MetricStat": {"Metric": metric, "Period": PERIOD, "Stat": "SampleCount"}}])
    found = {r["Id"]: (r["Values"] or [0])[0] for r in answer["MetricDataResults"]}
    base = settings.get("mackerel-api-base-url", "https://api.mackerelio.com/")
    # The exporter reads the base URL as a directory, with or without its trailing slash.
    url = base + ("" if base.endswith("/") else "/") + "api/v0/services/%s/tsdb" % settings["mackerel-service-name"]
    for name, value in (("cognito.SignIn_Success", found.get("s", 0)), ("cognito.SignIn_Attempt", found.get("n", 0))):
        body = json.dumps([{"name": name, "time": end - PERIOD, "value": value}]).encode()
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"X-Api-Key": key, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    print("posted 2 values")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
