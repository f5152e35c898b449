"""`sagebridge doctor`: the lines moto cannot produce, each decided on a service's answer.

moto 5.2 lists no SageMaker quotas, does not implement iam:SimulatePrincipalPolicy, accepts any
pipeline definition and any credentials (test_doctor.py shows the lines it does produce: region,
credentials, stack, definition, images, the throwaway CreatePipeline). So the answers real AWS
gives are fed here through botocore's own Stubber on real clients (no network: every call is
answered by the stub, and an unexpected one fails the test): a zero quota, a denied action, a
CreatePipeline ValidationException, refused credentials. What this still cannot show: that AWS
answers in exactly these words for a given account.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from sagebridge.aws import doctor
from sagebridge.project.pipeline_definition import parse_definition

ROLE = "arn:aws:iam::123456789012:role/p-sagemaker-role-us-east-1-dev"
DEFINITION = parse_definition({"Steps": [], "Parameters": [
    {"Name": "TrainingInstanceType", "Type": "String", "DefaultValue": "ml.g5.xlarge"},
    {"Name": "ProcessingInstanceType", "Type": "String", "DefaultValue": "ml.m5.xlarge"}]})


class StubbedClients:
    """What doctor's checks use of `Clients`: `region` and `get(service)`, here real boto3
    clients whose answers are stubbed."""

    def __init__(self) -> None:
        session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x",
                                region_name="us-east-1")
        self.region = "us-east-1"
        self.clients = {name: session.client(name) for name in
                        ("service-quotas", "iam", "sagemaker", "sts")}
        self.stubs = {name: Stubber(client) for name, client in self.clients.items()}
        for stub in self.stubs.values():
            stub.activate()

    def get(self, name: str, **_: Any) -> Any:
        return self.clients[name]


@pytest.fixture
def clients() -> Iterator[StubbedClients]:
    made = StubbedClients()
    yield made
    for stub in made.stubs.values():
        stub.assert_no_pending_responses()


def _quota(name: str, value: float) -> dict[str, Any]:
    return {"QuotaName": name, "Value": value, "ServiceCode": "sagemaker",
            "QuotaCode": "L-" + str(abs(hash(name)))[:8]}


@pytest.mark.parametrize(("g5", "status", "says"), [
    (2.0, "ok", "non-zero quotas for ml.g5.xlarge, ml.m5.xlarge"),
    (0.0, "fail", "quota 0 for ml.g5.xlarge: request an increase"),
    (None, "skipped", "no sagemaker quota listed for ml.g5.xlarge"),
])
def test_quotas_line(clients: StubbedClients, g5: float | None, status: str, says: str) -> None:
    quotas = [_quota("ml.m5.xlarge for processing job usage", 4.0)]
    if g5 is not None:
        quotas += [_quota("ml.g5.xlarge for training job usage", g5),
                   _quota("ml.g5.xlarge for spot training job usage", g5)]
    clients.stubs["service-quotas"].add_response(
        "list_service_quotas", {"Quotas": quotas}, {"ServiceCode": "sagemaker"})
    check = doctor._quotas(clients, DEFINITION)
    assert (check.name, check.status, check.detail) == ("quotas", status, says)


def test_permissions_line_names_the_denied_actions(clients: StubbedClients) -> None:
    results = [{"EvalActionName": action, "EvalResourceName": "*",
                "EvalDecision": "implicitDeny" if action.startswith("kms:") else "allowed"}
               for action in doctor.PIPELINE_ACTIONS]
    clients.stubs["iam"].add_response(
        "simulate_principal_policy", {"EvaluationResults": results},
        {"PolicySourceArn": ROLE, "ActionNames": list(doctor.PIPELINE_ACTIONS)})
    check = doctor._permissions(clients, ROLE)
    assert check.status == "fail"
    assert check.detail == "the role is denied kms:Decrypt, kms:GenerateDataKey"


def test_permissions_line_when_every_action_is_allowed(clients: StubbedClients) -> None:
    results = [{"EvalActionName": a, "EvalResourceName": "*", "EvalDecision": "allowed"}
               for a in doctor.PIPELINE_ACTIONS]
    clients.stubs["iam"].add_response("simulate_principal_policy", {"EvaluationResults": results})
    check = doctor._permissions(clients, ROLE)
    assert (check.status, check.detail) == (
        "ok", f"{len(doctor.PIPELINE_ACTIONS)} actions allowed (resources: *)")


def test_permissions_line_when_the_caller_may_not_simulate(clients: StubbedClients) -> None:
    clients.stubs["iam"].add_client_error(
        "simulate_principal_policy", "AccessDenied", "not authorized to perform "
        "iam:SimulatePrincipalPolicy", http_status_code=403)
    check = doctor._permissions(clients, ROLE)
    assert check.status == "skipped"
    assert check.detail.startswith("cannot check: iam:SimulatePrincipalPolicy failed")
    assert "AccessDenied" in check.detail


def test_create_pipeline_line_reports_the_services_refusal(clients: StubbedClients) -> None:
    """A short project name (`p`): the request must still be valid, so that the line reports
    the service's refusal (doctor's name-derived ClientRequestToken was shorter than the 32
    characters CreatePipeline requires, and botocore refused it before any request)."""
    from sagebridge.plan.names import derive_names

    names = derive_names("p")

    class Project:
        pass

    project = Project()
    project.names = names  # type: ignore[attr-defined]
    clients.stubs["sagemaker"].add_client_error(
        "create_pipeline", "ValidationException",
        "Cannot assign property reference [Parameters.epochs] to argument of type [String]")
    check = doctor._create_pipeline(clients, project, ROLE, "{}")  # type: ignore[arg-type]
    assert check.status == "fail"
    assert check.detail.startswith("CreatePipeline refused: AWS refused CreatePipeline: "
                                   "ValidationException: Cannot assign property reference")


def test_refused_credentials_stop_at_the_credentials_line(clients: StubbedClients) -> None:
    clients.stubs["sts"].add_client_error(
        "get_caller_identity", "InvalidClientTokenId",
        "The security token included in the request is invalid.", http_status_code=403)
    checks = list(doctor._checks(object(), clients, doctor.DEFAULT_VARIANT))  # type: ignore[arg-type]
    assert [(c.name, c.status) for c in checks] == [("region", "ok"), ("credentials", "fail")]
    assert "InvalidClientTokenId" in checks[1].detail


def test_no_region_is_the_only_line(clients: StubbedClients) -> None:
    clients.region = ""
    checks = list(doctor._checks(object(), clients, doctor.DEFAULT_VARIANT))  # type: ignore[arg-type]
    assert [(c.name, c.status) for c in checks] == [("region", "fail")]
    assert "pass --region" in checks[0].detail
