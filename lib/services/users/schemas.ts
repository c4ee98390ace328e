import { z } from "zod";
import { ROLES, THEMES } from "@/db/schema";

export const EmailSchema = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address" }).max(254, { error: "Email is too long" }));
export const PasswordSchema = z
  .string({ error: "Password is required" })
  .min(8, { error: "Password must be at least 8 characters" })
  .max(200, { error: "Password must be at most 200 characters" });
export const NameSchema = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, { error: "Name is required" })
  .max(100, { error: "Name must be at most 100 characters" });
export const RoleSchema = z.enum(ROLES, { error: "Role must be admin, member or viewer" });
export const ThemeSchema = z.enum(THEMES, { error: "Theme must be system, light or dark" });
export const UserIdSchema = z.coerce.number({ error: "User id must be a number" }).int().positive();

export const NewUserInput = z.object({
  email: EmailSchema,
  name: NameSchema,
  password: PasswordSchema,
  role: RoleSchema,
});
export type NewUserInput = z.infer<typeof NewUserInput>;
