CREATE TABLE "pdca_item_slices" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"rows" integer NOT NULL,
	"status" text NOT NULL,
	"superseded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"item" char(1) NOT NULL,
	"as_of" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pdca_item_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"sha256" char(64) NOT NULL,
	"file_name" text,
	"format" text NOT NULL,
	"encoding" text,
	"rows" integer NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retracted_at" timestamp with time zone,
	"retracted_by" uuid,
	"unchanged_rows" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_rows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"period" smallint NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"active_role" boolean NOT NULL,
	"hub" boolean NOT NULL,
	"house_call" boolean NOT NULL,
	"round_the_clock" boolean NOT NULL,
	"end_of_life" boolean NOT NULL,
	"address" text,
	"row_no" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_slices" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"rows" integer NOT NULL,
	"status" text NOT NULL,
	"superseded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"period" smallint NOT NULL,
	"municipality_code" char(6) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"sha256" char(64) NOT NULL,
	"file_name" text,
	"format" text NOT NULL,
	"encoding" text,
	"rows" integer NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retracted_at" timestamp with time zone,
	"retracted_by" uuid,
	"period" smallint NOT NULL,
	"as_of" date,
	"municipalities" integer NOT NULL
);
--> statement-breakpoint
-- Existing register data moves onto the versioned-slices tables (hand-written; keep when regenerating).
INSERT INTO "register_uploads" ("id", "prefecture_code", "sha256", "format", "rows", "created_by_name", "created_at", "period", "as_of", "municipalities")
  SELECT "id", "prefecture_code", "sha256", 'csv', "rows", "created_by", "created_at", "period", "as_of", "municipalities" FROM "register_imports";--> statement-breakpoint
INSERT INTO "register_slices" ("upload_id", "prefecture_code", "rows", "status", "created_at", "changed_at", "period", "municipality_code")
  SELECT e."import_id", min(e."prefecture_code"), count(*)::int, CASE WHEN bool_or(e."current") THEN 'current' ELSE 'superseded' END, min(i."created_at"), min(i."created_at"), e."period", e."municipality_code"
  FROM "register_entries" e JOIN "register_imports" i ON i."id" = e."import_id"
  GROUP BY e."import_id", e."period", e."municipality_code";--> statement-breakpoint
INSERT INTO "register_rows" ("id", "upload_id", "prefecture_code", "municipality_code", "period", "code", "name", "type", "active_role", "hub", "house_call", "round_the_clock", "end_of_life", "address", "row_no")
  SELECT "id", "import_id", "prefecture_code", "municipality_code", "period", "code", "name", "type", "active_role", "hub", "house_call", "round_the_clock", "end_of_life", "address", 0 FROM "register_entries";--> statement-breakpoint
ALTER TABLE "register_entries" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "register_imports" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "register_entries" CASCADE;--> statement-breakpoint
DROP TABLE "register_imports" CASCADE;--> statement-breakpoint
ALTER TABLE "pdca_item_status" ADD COLUMN "upload_id" uuid;--> statement-breakpoint
ALTER TABLE "pdca_item_slices" ADD CONSTRAINT "pdca_item_slices_upload_id_pdca_item_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."pdca_item_uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "register_slices" ADD CONSTRAINT "register_slices_upload_id_register_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."register_uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pdca_item_slices_pk" ON "pdca_item_slices" USING btree ("upload_id","municipality_code","item","as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "pdca_item_slices_one_current" ON "pdca_item_slices" USING btree ("municipality_code","item","as_of") WHERE status = 'current';--> statement-breakpoint
CREATE INDEX "pdca_item_uploads_prefecture_idx" ON "pdca_item_uploads" USING btree ("prefecture_code","sha256","created_at");--> statement-breakpoint
CREATE INDEX "register_rows_slice_idx" ON "register_rows" USING btree ("upload_id","period","municipality_code");--> statement-breakpoint
CREATE UNIQUE INDEX "register_slices_pk" ON "register_slices" USING btree ("upload_id","period","municipality_code");--> statement-breakpoint
CREATE UNIQUE INDEX "register_slices_one_current" ON "register_slices" USING btree ("period","municipality_code") WHERE status = 'current';--> statement-breakpoint
CREATE INDEX "register_slices_prefecture_idx" ON "register_slices" USING btree ("prefecture_code","period","status");--> statement-breakpoint
CREATE INDEX "register_uploads_sha_idx" ON "register_uploads" USING btree ("prefecture_code","period","sha256");--> statement-breakpoint
CREATE INDEX "register_uploads_prefecture_idx" ON "register_uploads" USING btree ("prefecture_code","created_at");--> statement-breakpoint
CREATE INDEX "pdca_item_status_upload_idx" ON "pdca_item_status" USING btree ("upload_id");