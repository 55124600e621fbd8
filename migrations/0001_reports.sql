CREATE TABLE "report_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6),
	"model_id" text NOT NULL,
	"period" integer NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"error" text,
	"reader_role" text NOT NULL,
	"reader_prefecture" char(2),
	"reader_municipality" char(6),
	"created_by" uuid,
	"created_by_name" text,
	"schedule_id" uuid,
	"run_id" uuid,
	"file_name" text,
	"file_path" text,
	"sha256" char(64),
	"bytes" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_schedule_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"period" integer,
	"status" text DEFAULT 'running' NOT NULL,
	"catch_up" boolean DEFAULT false NOT NULL,
	"jobs" integer DEFAULT 0 NOT NULL,
	"files" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "report_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"name" text,
	"cron" text NOT NULL,
	"timezone" text DEFAULT 'Asia/Tokyo' NOT NULL,
	"kind" text NOT NULL,
	"model_id" text NOT NULL,
	"period" text NOT NULL,
	"municipality_code" char(6),
	"burst" boolean DEFAULT false NOT NULL,
	"retention" integer DEFAULT 5 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"reader_role" text NOT NULL,
	"reader_prefecture" char(2),
	"reader_municipality" char(6),
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_schedule_runs" ADD CONSTRAINT "report_schedule_runs_schedule_id_report_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."report_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_jobs_queue_idx" ON "report_jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "report_jobs_prefecture_idx" ON "report_jobs" USING btree ("prefecture_code","created_at");--> statement-breakpoint
CREATE INDEX "report_jobs_run_idx" ON "report_jobs" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_schedule_runs_slot_uq" ON "report_schedule_runs" USING btree ("schedule_id","slot");