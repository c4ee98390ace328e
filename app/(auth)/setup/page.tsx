import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { getDb } from "@/lib/db";
import { isSetupComplete } from "@/lib/services/users/create-first-admin";

export const metadata: Metadata = { title: "Set up" };

export default function SetupPage() {
  // Closed forever once an account exists.
  if (isSetupComplete(getDb())) redirect("/login");
  return <SetupForm />;
}
