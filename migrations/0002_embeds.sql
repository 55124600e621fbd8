CREATE TABLE "embeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" char(64) NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"title" text,
	"created_by_key_id" text,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "embeds_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE INDEX "embeds_prefecture_idx" ON "embeds" USING btree ("prefecture_code","created_at");