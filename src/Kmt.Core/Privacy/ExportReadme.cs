using System.Globalization;
using System.Text;

namespace Kmt.Core.Privacy;

/// <summary>The README.md at the root of every export zip: what each file holds.</summary>
internal static class ExportReadme
{
    public static ReadOnlyMemory<byte> Text(ExportJob job, DateTimeOffset now) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$"""
        # Your KMT data export

        Export {{job.Id}}, requested {{job.CreatedAt:O}}, written {{now:O}}.
        Every file is UTF-8 JSON (property names in snake_case, instants in UTC ISO 8601) unless named otherwise.

        | File | What it holds |
        | --- | --- |
        | profile.json | Your account: e-mail, names, role, when it was created and last signed in. The password hash is not exported (it is not your data to use, and it could only help someone guess your password). |
        | preferences.json | Your preferences object, exactly as you stored it. |
        | consents.json | Each purpose (activity_tracking, personalised_insights, notifications), whether you granted it, when you last gave and withdrew it. |
        | tags.json | Your tags with their colors and descriptions. |
        | items/{id}.json | One file per knowledge item (live and in the trash): the item as stored, every earlier version under "versions", and the relationships you declared from it to other items under "relationships". |
        | activities.json | Every tracked event still kept (events older than the retention period are folded into daily counts). |
        | activity_daily_counts.json | Per day: how many events of each type, for days whose events retention has deleted. |
        | reading_sessions.json | Your reading sessions derived from tracked reading events. |
        | uploads.json | Every upload: file name, status, reason, size, SHA-256, the item it became; "original_file" names the file in this zip. |
        | uploads/{upload}/{file} | The original bytes of each uploaded file that is still stored. |
        | audit_log.json | Security-relevant events on your account (sign-ins, password and e-mail changes, exports, consent changes) with time, IP address and user agent. |
        | exports.json | Your data exports, this one included. |
        | imports.json | Your imports of histories from other tools: when, which format and file, what was created, skipped and refused, and why. |
        | insights.json | What the nightly insights found for you (forgotten notes worth revisiting, gaps, recommendations) with their scores, reasons and the status you gave them; and the suggested connections you accepted or dismissed (kind `connection`). |
        | insight_feedback.json | Your feedback on insights (helpful, not helpful, dismissed) and when you gave it. |
        | notifications.json | Your in-app notifications, read or not, and whether they went out in an e-mail digest. |
        | notification_preferences.json | Your notification settings: time zone, quiet hours, digest. |
        | push_subscriptions.json | The browsers you allowed to receive push notifications (their push endpoints). |

        Not included: derived data KMT can compute again from the above (search index entries, text embeddings,
        the knowledge graph's entities and computed connections, analytics and importance figures).
        """));
}
