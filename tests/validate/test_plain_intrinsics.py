"""validate reads both forms of `Fn::Sub` the template writes (the list form names an image
registry), so the JSON policy files compare equal to the template's policies."""

from sagebridge.validate.project import plain_intrinsics


def test_list_form_sub_is_its_string() -> None:
    arn = "arn:${AWS::Partition}:ecr:${AWS::Region}:${FirstPartyRegistry}:repository/x"
    document = {"Resource": [{"Fn::Sub": [arn, {"FirstPartyRegistry": {"Fn::FindInMap": []}}]},
                             {"Fn::Sub": "arn:${AWS::Partition}:s3:::b"}]}
    assert plain_intrinsics(document) == {"Resource": [arn, "arn:${AWS::Partition}:s3:::b"]}
