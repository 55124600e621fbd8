CREATE TABLE "pdca_item_status" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"item" char(1) NOT NULL,
	"as_of" date NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"via" text NOT NULL,
	"recorded_by_key_id" text,
	"recorded_by_name" text,
	"recorded_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pdca_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"node_id" text NOT NULL,
	"title" text NOT NULL,
	"scenes" jsonb NOT NULL,
	"status" text NOT NULL,
	"from_year" integer,
	"to_year" integer,
	"budget_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "pdca_review_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"period" integer NOT NULL,
	"node_id" text,
	"indicator_id" text,
	"text" text NOT NULL,
	"author_key_id" text,
	"author_name" text,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "logic_model_activations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"version" integer NOT NULL,
	"activated_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"activated_by" text
);
--> statement-breakpoint
CREATE TABLE "logic_model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"version" integer NOT NULL,
	"model_id" text NOT NULL,
	"title" text NOT NULL,
	"label" text NOT NULL,
	"document" jsonb NOT NULL,
	"source" text NOT NULL,
	"source_format" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "register_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
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
	"current" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "register_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"period" smallint NOT NULL,
	"as_of" date,
	"sha256" char(64) NOT NULL,
	"rows" integer NOT NULL,
	"municipalities" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE INDEX "pdca_item_status_key_idx" ON "pdca_item_status" USING btree ("municipality_code","item","as_of","recorded_at");--> statement-breakpoint
CREATE INDEX "pdca_item_status_prefecture_idx" ON "pdca_item_status" USING btree ("prefecture_code","as_of");--> statement-breakpoint
CREATE INDEX "pdca_measures_municipality_idx" ON "pdca_measures" USING btree ("municipality_code","node_id");--> statement-breakpoint
CREATE INDEX "pdca_review_notes_key_idx" ON "pdca_review_notes" USING btree ("prefecture_code","period","municipality_code");--> statement-breakpoint
CREATE INDEX "logic_model_activations_idx" ON "logic_model_activations" USING btree ("prefecture_code","activated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "logic_model_versions_uq" ON "logic_model_versions" USING btree ("prefecture_code","version");--> statement-breakpoint
CREATE INDEX "register_entries_current_idx" ON "register_entries" USING btree ("prefecture_code","period","municipality_code") WHERE current;--> statement-breakpoint
CREATE INDEX "register_entries_import_idx" ON "register_entries" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "register_imports_idx" ON "register_imports" USING btree ("prefecture_code","period","created_at");