"""What shipping a manifest's models requires: notice texts, attribution and naming duties, license files to ship."""

from licscan.notice.model import Duty, LicenseCopy, ModelShipment, NoticeText, ShipPlan
from licscan.notice.plan import plan_shipment

__all__ = ["Duty", "LicenseCopy", "ModelShipment", "NoticeText", "ShipPlan", "plan_shipment"]
