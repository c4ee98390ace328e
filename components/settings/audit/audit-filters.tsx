import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import type { AuditViewFilter } from "@/lib/audit-view/url-state";

const labelClasses = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";

/** The filters as a plain GET form: the URL holds the state, so a filtered view can be bookmarked and shared. */
export function AuditFilters({ filter, actions }: { filter: AuditViewFilter; actions: string[] }) {
  return (
    <form role="search" aria-label="Filter the audit log" className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[1.3fr_1.3fr_1fr_9.5rem_9.5rem_auto] lg:items-end">
      <div className="col-span-2 space-y-1 sm:col-span-1">
        <label htmlFor="audit-user" className={labelClasses}>
          User
        </label>
        <Input id="audit-user" name="user" placeholder="e-mail, token, or user id" defaultValue={filter.user} />
      </div>
      <div className="col-span-2 space-y-1 sm:col-span-1">
        <label htmlFor="audit-action" className={labelClasses}>
          Action
        </label>
        <Input id="audit-action" name="action" list="audit-actions" placeholder="e.g. user.sign_in or run." defaultValue={filter.action} autoComplete="off" />
      </div>
      <datalist id="audit-actions">
        {actions.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <div className="col-span-2 space-y-1 sm:col-span-1">
        <label htmlFor="audit-object" className={labelClasses}>
          Object
        </label>
        <Input id="audit-object" name="object" placeholder="run:12, user:3, run" defaultValue={filter.object} />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-from" className={labelClasses}>
          From (UTC)
        </label>
        <Input id="audit-from" name="from" type="date" defaultValue={filter.from} />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-to" className={labelClasses}>
          To (UTC)
        </label>
        <Input id="audit-to" name="to" type="date" defaultValue={filter.to} />
      </div>
      <div className="col-span-2 flex gap-2 sm:col-span-1">
        <button type="submit" className={buttonClasses("primary")}>
          Filter
        </button>
        <Link href="/settings/audit" className={buttonClasses("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
