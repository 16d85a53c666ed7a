"""The chat's reports of messages move to moderation: each chat.Report becomes a
moderation.Report of the kind "chat.message" (a removed message's report decided as
"hidden"), the notifications and preferences of the old notice kind become moderation's,
and the chat's Report model goes."""

from django.db import migrations

KIND = "chat.message"
DECISIONS = {"dismissed": "dismissed", "removed": "hidden"}
# A report whose message was already deleted (retention) points at no message: it
# keeps object id 0, which moderation treats as "gone", each such report on its own.
GONE = 0


def to_moderation(apps, schema_editor):
    ChatReport = apps.get_model("chat", "Report")
    Report = apps.get_model("moderation", "Report")
    batch = []
    for old in ChatReport.objects.order_by("pk").iterator(chunk_size=1000):
        batch.append(
            Report(
                kind=KIND,
                object_id=old.message_id or GONE,
                reporter_id=old.reporter_id,
                reported_id=old.reported_id,
                reason=old.reason,
                note=old.note,
                snapshot=old.body,
                created_at=old.created_at,
                decided_at=old.decided_at,
                decided_by_id=old.decided_by_id,
                decision=DECISIONS.get(old.outcome, "dismissed") if old.decided_at else "",
            )
        )
        if len(batch) >= 1000:
            Report.objects.bulk_create(batch)
            batch = []
    Report.objects.bulk_create(batch)

    Notification = apps.get_model("notifications", "Notification")
    for notification in Notification.objects.filter(kind="chat.report_decided").iterator():
        outcome = (notification.params or {}).get("outcome", "dismissed")
        notification.kind = "moderation.report_decided"
        notification.params = {"kind": KIND, "decision": DECISIONS.get(outcome, "dismissed")}
        notification.save(update_fields=["kind", "params"])
    Preference = apps.get_model("notifications", "Preference")
    Preference.objects.filter(kind="chat.report_decided").update(kind="moderation.report_decided")


def to_chat(apps, schema_editor):
    ChatReport = apps.get_model("chat", "Report")
    Message = apps.get_model("chat", "Message")
    Report = apps.get_model("moderation", "Report")
    outcomes = {"dismissed": "dismissed", "hidden": "removed"}
    existing = set(Message.objects.values_list("pk", flat=True))
    for new in Report.objects.filter(kind=KIND, reported__isnull=False).order_by("pk"):
        decided = new.decided_at is not None and new.decision in outcomes
        ChatReport.objects.create(
            message_id=new.object_id if new.object_id in existing else None,
            reporter_id=new.reporter_id,
            reported_id=new.reported_id,
            reason=new.reason,
            note=new.note,
            body=new.snapshot,
            sent_at=new.created_at,
            created_at=new.created_at,
            decided_at=new.decided_at if decided else None,
            decided_by_id=new.decided_by_id if decided else None,
            outcome=outcomes[new.decision] if decided else "",
        )
    Report.objects.filter(kind=KIND).delete()
    Notification = apps.get_model("notifications", "Notification")
    for notification in Notification.objects.filter(
        kind="moderation.report_decided", params__kind=KIND
    ).iterator():
        decision = (notification.params or {}).get("decision")
        notification.kind = "chat.report_decided"
        notification.params = {"outcome": "removed" if decision == "hidden" else "dismissed"}
        notification.save(update_fields=["kind", "params"])
    Preference = apps.get_model("notifications", "Preference")
    Preference.objects.filter(kind="moderation.report_decided").update(kind="chat.report_decided")


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0001_initial"),
        ("moderation", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(to_moderation, to_chat),
        migrations.RemoveIndex(model_name="report", name="chat_reports_open"),
        migrations.RemoveConstraint(model_name="report", name="chat_report_once"),
        migrations.DeleteModel(name="Report"),
    ]
