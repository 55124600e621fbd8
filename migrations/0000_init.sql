CREATE TABLE "municipalities" (
	"code" char(6) PRIMARY KEY NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"name" text NOT NULL,
	"medical_area" text NOT NULL,
	"welfare_area" text NOT NULL,
	"insurer" text NOT NULL,
	"insurer_confirmed" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prefectures" (
	"code" char(2) PRIMARY KEY NOT NULL,
	"name_ja" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"sha256" char(64) NOT NULL,
	"rows" integer NOT NULL,
	"inserted" integer NOT NULL,
	"updated" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"prefecture_code" char(2),
	"municipality_code" char(6),
	"key_hash" char(64) NOT NULL,
	"key_prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
ALTER TABLE "municipalities" ADD CONSTRAINT "municipalities_prefecture_code_prefectures_code_fk" FOREIGN KEY ("prefecture_code") REFERENCES "public"."prefectures"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "municipalities_prefecture_idx" ON "municipalities" USING btree ("prefecture_code","medical_area");